import { describe, expect, it } from 'vitest';
import { ASSET_STAGES } from '../assets/stages.ts';
import { decideScheduleMaintenance } from './rules.ts';

describe('decideScheduleMaintenance', () => {
  it.each(ASSET_STAGES)('%s', (stage) => {
    const verdict = decideScheduleMaintenance({ stage });
    expect(verdict.ok ? 'ok' : verdict.reason).toBe(stage === 'disposed' ? 'NOT_ASSIGNABLE' : 'ok');
  });
});
