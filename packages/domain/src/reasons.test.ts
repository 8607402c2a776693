import { describe, expect, it } from 'vitest';
import { isReason, REASON_CATEGORY, REASONS, type ReasonCategory } from './reasons.ts';

const CATEGORIES: readonly ReasonCategory[] = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_many_requests',
  'unavailable',
];

describe('reasons', () => {
  it('REASONS lists every key of REASON_CATEGORY once', () => {
    expect(REASONS).toEqual(Object.keys(REASON_CATEGORY));
    expect(new Set(REASONS).size).toBe(REASONS.length);
  });

  it.each(REASONS)('%s has a known category', (reason) => {
    expect(CATEGORIES).toContain(REASON_CATEGORY[reason]);
  });

  it.each(REASONS)('%s is SCREAMING_SNAKE_CASE', (reason) => {
    expect(reason).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it('every category is used by at least one reason', () => {
    expect(new Set(Object.values(REASON_CATEGORY))).toEqual(new Set(CATEGORIES));
  });
});

describe('isReason', () => {
  it.each(REASONS)('%s is a reason', (reason) => {
    expect(isReason(reason)).toBe(true);
  });

  it.each([
    ['invalid_transition'],
    ['bad_request'],
    [''],
    ['toString'],
    ['__proto__'],
    ['hasOwnProperty'],
    [null],
    [undefined],
    [42],
    [{}],
  ])('%j is not', (value) => {
    expect(isReason(value)).toBe(false);
  });
});
