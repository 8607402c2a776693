import { EXPIRY_WINDOWS, licenseStanding } from '@itam/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
  ])('expiry %j, as the server decides it on its day', (date, expiry, text) => {
    const standing = licenseStanding(date, TODAY);
    expect(expiryOf(standing)).toEqual(expiry);
    expect(expiryText(expiryOf(standing))).toBe(text);
  });

  it('uses the domain’s windows', () => {
    expect(EXPIRY_WINDOWS).toEqual([1, 7, 30]);
  });
});

describe('expiryOf follows the server’s calendar, not this browser’s clock', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('on the last day and the day after, whatever the browser’s clock says', () => {
    // This browser runs ahead, already on the day after; the server is still on the last day.
    vi.useFakeTimers({ now: new Date('2026-05-11T00:00:30Z') });
    expect(expiryText(expiryOf(licenseStanding(TODAY, TODAY)))).toBe('Expires today');
    // This browser runs behind, still on the last day; the server's day has turned.
    vi.setSystemTime(new Date('2026-05-10T23:59:30Z'));
    expect(expiryOf(licenseStanding(TODAY, '2026-05-11'))).toEqual({ state: 'expired', daysAgo: 1 });
  });

  it('in a browser whose zone is already on the next day', () => {
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: 12:00 UTC on the 10th is the 11th there.
    vi.useFakeTimers({ now: new Date('2026-05-10T12:00:00Z') });
    expect(new Date().getDate()).toBe(11);
    expect(expiryOf(licenseStanding(TODAY, TODAY))).toEqual({ state: 'expiring', daysLeft: 0, window: 1 });
    expect(expiryOf(licenseStanding('2026-05-11', TODAY))).toEqual({
      state: 'expiring',
      daysLeft: 1,
      window: 1,
    });
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
