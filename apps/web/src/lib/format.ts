const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const moneyFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A calendar date (`YYYY-MM-DD`), shown the same in every time zone. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : dateFormat.format(date);
}

/** An instant, in the viewer's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

export function formatMoney(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : moneyFormat.format(value);
}

/** Today as `YYYY-MM-DD` in UTC, to compare with calendar dates. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A money box: empty is "none" (null); a comma is accepted as the decimal mark. */
export function parseMoney(text: string): number | null | 'invalid' {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  return /^-?\d*\.?\d*$/.test(t) && Number.isFinite(n) ? n : 'invalid';
}
