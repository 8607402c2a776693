import { EVENT_TYPES } from '@itam/domain';
import { describe, expect, it } from 'vitest';
import { describePatterns, EVENT_TYPE_GROUPS, patternsOf } from './eventTypes.ts';

describe('the event type picker', () => {
  it('offers every event type once', () => {
    expect(EVENT_TYPE_GROUPS.flatMap((g) => g.types).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('sends * for everything, an entity wildcard instead of its types, else the types', () => {
    expect(patternsOf(true, new Set(['asset.updated']))).toEqual(['*']);
    expect(patternsOf(false, new Set(['asset.*', 'asset.updated', 'license.created']))).toEqual([
      'asset.*',
      'license.created',
    ]);
    expect(patternsOf(false, new Set())).toEqual([]);
  });

  it('describes patterns in words', () => {
    expect(describePatterns(['*'])).toBe('All events');
    expect(describePatterns(['asset.*', 'license.created'])).toBe('asset: all, license.created');
  });
});
