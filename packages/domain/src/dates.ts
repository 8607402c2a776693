/** Calendar arithmetic on ISO dates ('YYYY-MM-DD'), in UTC, so no time zone can shift a day. */
const DAY_MS = 86_400_000;

export function toDayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / DAY_MS;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function addDays(isoDate: string, days: number): string {
  return new Date((toDayNumber(isoDate) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date in UTC as 'YYYY-MM-DD'. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
