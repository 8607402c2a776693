import { describe, expect, it } from 'vitest';
import { decideAccountChange } from './rules.ts';

describe('decideAccountChange', () => {
  it("allows a person's account and refuses a service account with SERVICE_ACCOUNT", () => {
    expect(decideAccountChange({ kind: 'person' })).toEqual({ ok: true, value: undefined });
    expect(decideAccountChange({ kind: 'service' })).toMatchObject({ ok: false, reason: 'SERVICE_ACCOUNT' });
  });
});
