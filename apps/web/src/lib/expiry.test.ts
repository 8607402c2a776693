import { EXPIRY_WINDOWS } from '@itam/domain';
import { describe, expect, it } from 'vitest';
import { expiryOf, expiryText, relativeDays } from './expiry.ts';

const TODAY = '2026-05-10';

describe('expiryOf', () => {
  it.each([
    [null, { state: 'none' }, 'No expiry'],
    ['2026-05-09', { state: 'expired', daysAgo: 1 }, 'Expired'],
    ['2025-05-10', { state: 'expired', daysAgo: 365 }, 'Expired'],
    ['2026-05-10', { state: 'expiring', daysLeft: 0, window: 1 }, 'Expires today'],
    ['2026-05-11', { state: 'expiring', daysLeft: 1, window: 1 }, 'Expires tomorrow'],
    ['2026-05-12', { state: 'expiring', daysLeft: 2, window: 7 }, 'Expires in 2 days'],
    ['2026-05-17', { state: 'expiring', daysLeft: 7, window: 7 }, 'Expires in 7 days'],
    ['2026-05-18', { state: 'expiring', daysLeft: 8, window: 30 }, 'Expires in 8 days'],
    ['2026-06-09', { state: 'expiring', daysLeft: 30, window: 30 }, 'Expires in 30 days'],
    ['2026-06-10', { state: 'valid', daysLeft: 31 }, 'Valid'],
  ])('expiry %j', (date, expiry, text) => {
    expect(expiryOf(date, TODAY)).toEqual(expiry);
    expect(expiryText(expiryOf(date, TODAY))).toBe(text);
  });

  it('uses the domain’s windows', () => {
    expect(EXPIRY_WINDOWS).toEqual([1, 7, 30]);
  });
});

describe('relativeDays', () => {
  it.each([
    [0, 'today'],
    [1, 'tomorrow'],
    [-1, 'yesterday'],
    [5, 'in 5 days'],
    [-12, '12 days ago'],
  ])('%d days', (days, text) => {
    expect(relativeDays(days)).toBe(text);
  });
});
