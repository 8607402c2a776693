import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, toDayNumber, todayUtc } from './dates.ts';

// Expected values written out by hand from a calendar, not computed with Date.
describe('toDayNumber', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['1971-01-01', 365],
    ['2000-01-01', 10_957],
    ['2024-02-29', 19_782],
    ['2024-03-01', 19_783],
    ['2026-11-25', 20_782],
  ])('%s is day %d since 1970-01-01', (date, day) => {
    expect(toDayNumber(date)).toBe(day);
  });

  it('reads only the date of a date and time', () => {
    expect(toDayNumber('2026-11-25T23:59:59.999Z')).toBe(20_782);
    expect(toDayNumber('2026-11-25T00:00:00+14:00')).toBe(20_782);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-05-03', '2026-05-03', 0],
    ['2026-05-03', '2026-05-04', 1],
    ['2026-05-04', '2026-05-03', -1],
    // month ends
    ['2026-01-31', '2026-02-01', 1],
    ['2026-04-30', '2026-05-01', 1],
    ['2026-01-31', '2026-03-01', 29],
    // February of a common year and of leap years
    ['2026-02-28', '2026-03-01', 1],
    ['2024-02-28', '2024-03-01', 2],
    ['2024-02-28', '2024-02-29', 1],
    ['2024-02-29', '2024-03-01', 1],
    ['2000-02-28', '2000-03-01', 2],
    ['2100-02-28', '2100-03-01', 1],
    // year ends and whole years
    ['2025-12-31', '2026-01-01', 1],
    ['2026-01-01', '2025-12-31', -1],
    ['2025-01-01', '2026-01-01', 365],
    ['2024-01-01', '2025-01-01', 366],
    ['2024-02-29', '2025-02-28', 365],
    ['2024-02-29', '2028-02-29', 1461],
    ['2026-11-25', '2026-12-25', 30],
    ['2026-11-25', '2026-12-26', 31],
  ])('from %s to %s is %d', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-05-03', 0, '2026-05-03'],
    ['2026-05-03', 1, '2026-05-04'],
    ['2026-05-03', -3, '2026-04-30'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-02-29', 365, '2025-02-28'],
    ['2024-02-29', 366, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-11-25', 30, '2026-12-25'],
    ['2026-11-25', 37, '2027-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('%s plus %d days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('drops the time of a date and time', () => {
    expect(addDays('2026-12-31T23:30:00Z', 1)).toBe('2027-01-01');
  });

  it('is the inverse of daysBetween for any day between 1900 and 2200', () => {
    const date = fc.integer({ min: -25_567, max: 84_000 }).map((n) => addDays('1970-01-01', n));
    fc.assert(
      fc.property(date, fc.integer({ min: -4000, max: 4000 }), (from, days) => {
        const to = addDays(from, days);
        expect(to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(daysBetween(from, to)).toBe(days);
        expect(addDays(to, -days)).toBe(from);
        // ISO dates sort as strings in the same order as in time.
        expect(Math.sign(to.localeCompare(from))).toBe(Math.sign(days));
      }),
    );
  });
});

describe('todayUtc', () => {
  it.each([
    ['2026-11-25T00:00:00.000Z', '2026-11-25'],
    ['2026-11-25T23:59:59.999Z', '2026-11-25'],
    // Late evening west of Greenwich is already tomorrow in UTC, and early morning east of it is yesterday.
    ['2026-12-31T20:00:00-05:00', '2027-01-01'],
    ['2027-01-01T01:00:00+02:00', '2026-12-31'],
    ['2024-02-29T12:00:00Z', '2024-02-29'],
  ])('at %s is %s', (instant, date) => {
    expect(todayUtc(new Date(instant))).toBe(date);
  });

  it('defaults to the current UTC date', () => {
    const before = new Date().toISOString().slice(0, 10);
    const today = todayUtc();
    const after = new Date().toISOString().slice(0, 10);
    expect([before, after]).toContain(today);
  });
});
