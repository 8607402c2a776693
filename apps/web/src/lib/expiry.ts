import { type ExpiryWindow, expiryWindowOf } from '@itam/domain';

/**
 * Where a license stands against its expiry date: no expiry, expired, expiring within one of the
 * domain's windows (1, 7 or 30 days: the smallest that fits), or valid for longer.
 */
export type Expiry =
  | { state: 'none' }
  | { state: 'expired'; daysAgo: number }
  | { state: 'expiring'; daysLeft: number; window: ExpiryWindow }
  | { state: 'valid'; daysLeft: number };

/**
 * Read from the server's verdict on the license (`expired`, `daysUntilExpiry`: decided on the
 * server's calendar day, as the compliance report decides it), never this browser's clock, so the
 * badge, the report and the refusal to assign a seat of an expired license agree.
 */
export function expiryOf(license: { expired: boolean; daysUntilExpiry: number | null }): Expiry {
  const days = license.daysUntilExpiry;
  if (days === null) return { state: 'none' };
  // A license is expired from the day after its last day: at least one day ago.
  if (license.expired) return { state: 'expired', daysAgo: Math.max(1, -days) };
  const daysLeft = Math.max(0, days);
  const window = expiryWindowOf(daysLeft);
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
