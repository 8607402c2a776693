import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEventIds, EventId, OnChangeInput } from './schemas.ts';

describe('compareEventIds', () => {
  it('compares as numbers, not as text', () => {
    expect(compareEventIds('9', '10')).toBeLessThan(0);
    expect(compareEventIds('10', '9')).toBeGreaterThan(0);
    expect(compareEventIds('99', '100')).toBeLessThan(0);
    expect(compareEventIds('12', '21')).toBeLessThan(0);
  });

  it('is zero for equal ids', () => {
    expect(compareEventIds('10', '10')).toBe(0);
    expect(compareEventIds('9223372036854775807', '9223372036854775807')).toBe(0);
  });

  it('agrees with BigInt for any two canonical ids', () => {
    const id = fc.bigInt({ min: 1n, max: 9223372036854775807n }).map(String);
    fc.assert(
      fc.property(id, id, (a, b) => {
        const expected = BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
        expect(Math.sign(compareEventIds(a, b))).toBe(expected);
      }),
    );
  });
});

describe('EventId and OnChangeInput', () => {
  it.each(['1', '42', '9223372036854775807'])('accepts %j', (id) => {
    expect(EventId.parse(id)).toBe(id);
  });

  it.each(['', '-1', '1.5', 'abc', ' 1', '1'.repeat(20)])('refuses %j', (id) => {
    expect(EventId.safeParse(id).success).toBe(false);
  });

  it('OnChangeInput defaults to everything from now on', () => {
    expect(OnChangeInput.parse(undefined)).toEqual({});
    expect(OnChangeInput.parse({ lastEventId: '10', entity: 'asset' })).toEqual({
      lastEventId: '10',
      entity: 'asset',
    });
    expect(OnChangeInput.safeParse({ entity: 'license' }).success).toBe(true);
    expect(OnChangeInput.safeParse({ entity: 'invoice' }).success).toBe(false);
  });
});

describe('EventId', () => {
  it('refuses leading zeros, which would compare wrongly by length', () => {
    expect(EventId.safeParse('009').success).toBe(false);
    expect(EventId.safeParse('0').success).toBe(true);
    expect(EventId.safeParse('10').success).toBe(true);
  });
});
