import { describe, expect, it } from 'vitest';
import { decideLicenseRemoval } from './rules.ts';

describe('decideLicenseRemoval', () => {
  it('keeps a license that ever had a seat, and lets one that never had one go', () => {
    const kept = decideLicenseRemoval({ everHadSeats: true });
    expect(kept.ok ? 'ok' : kept.reason).toBe('NOT_REMOVABLE');
    expect(decideLicenseRemoval({ everHadSeats: false }).ok).toBe(true);
  });
});
