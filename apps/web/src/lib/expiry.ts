import { daysBetween, EXPIRY_WINDOWS } from '@itam/domain';

/**
 * Where a license stands against its expiry date on `today`: no expiry, expired, expiring within
 * one of the domain's windows (1, 7 or 30 days: the smallest that fits), or valid for longer.
 */
export type Expiry =
  | { state: 'none' }
  | { state: 'expired'; daysAgo: number }
  | { state: 'expiring'; daysLeft: number; window: (typeof EXPIRY_WINDOWS)[number] }
  | { state: 'valid'; daysLeft: number };

export function expiryOf(expiryDate: string | null, today: string): Expiry {
  if (expiryDate === null) return { state: 'none' };
  const daysLeft = daysBetween(today, expiryDate);
  // A license expiring today is still valid today (the domain's isExpired).
  if (daysLeft < 0) return { state: 'expired', daysAgo: -daysLeft };
  const window = EXPIRY_WINDOWS.find((w) => daysLeft <= w);
  return window === undefined ? { state: 'valid', daysLeft } : { state: 'expiring', daysLeft, window };
}

export function expiryText(expiry: Expiry): string {
  switch (expiry.state) {
    case 'none':
      return 'No expiry';
    case 'expired':
      return 'Expired';
    case 'expiring':
      if (expiry.daysLeft === 0) return 'Expires today';
      if (expiry.daysLeft === 1) return 'Expires tomorrow';
      return `Expires in ${expiry.daysLeft} days`;
    case 'valid':
      return 'Valid';
  }
}

/** "in 3 days", "today", "3 days ago": how far a calendar date is from today. */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}
