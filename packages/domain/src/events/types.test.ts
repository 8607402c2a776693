import { describe, expect, it } from 'vitest';
import { ENTITIES } from './schemas.ts';
import {
  EVENT_TYPE_PATTERNS,
  EVENT_TYPES,
  EventTypePatternSchema,
  eventTypeOf,
  matchesEventTypes,
} from './types.ts';

describe('event types', () => {
  it('are <entity>.<action>, unique, for every entity', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    for (const entity of ENTITIES) expect(EVENT_TYPES.some((t) => t.startsWith(`${entity}.`))).toBe(true);
    expect(eventTypeOf({ entity: 'asset', action: 'checked_out' })).toBe('asset.checked_out');
  });

  it('patterns are the types, one wildcard per entity and *', () => {
    expect(EVENT_TYPE_PATTERNS).toHaveLength(EVENT_TYPES.length + ENTITIES.length + 1);
    expect(EventTypePatternSchema.safeParse('license.*').success).toBe(true);
    expect(EventTypePatternSchema.safeParse('asset.exploded').success).toBe(false);
    expect(EventTypePatternSchema.safeParse('asset.').success).toBe(false);
  });
});

describe('matchesEventTypes', () => {
  it.each(EVENT_TYPES)('%s matches itself, its entity and *, and nothing else', (type) => {
    const entity = type.split('.')[0];
    expect(matchesEventTypes([type], type)).toBe(true);
    expect(matchesEventTypes([`${entity}.*`], type)).toBe(true);
    expect(matchesEventTypes(['*'], type)).toBe(true);
    const others = EVENT_TYPE_PATTERNS.filter((p) => p !== type && p !== '*' && p !== `${entity}.*`);
    expect(matchesEventTypes(others, type)).toBe(false);
  });

  it('matches an action added after the subscription through its entity wildcard only', () => {
    expect(matchesEventTypes(['asset.*'], 'asset.renamed')).toBe(true);
    expect(matchesEventTypes(['asset.updated'], 'asset.renamed')).toBe(false);
    expect(matchesEventTypes([], 'asset.updated')).toBe(false);
  });
});
