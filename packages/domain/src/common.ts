import { z } from 'zod';

/** Shared field schemas. Dates travel as ISO-8601 strings so any HTTP client can read them. */
export const Id = z.uuid({ error: 'Expected an id (UUID).' });
export const IsoDate = z.iso.date({ error: 'Expected a date as YYYY-MM-DD.' });
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'Expected an ISO-8601 date and time.' });
export const Cursor = z.string().min(1).max(512);
/**
 * tRPC's `useInfiniteQuery` adds `direction` to a paged input. Lists page forward only (keyset),
 * so `forward` is accepted and ignored, and `backward` is refused.
 */
export const PageDirection = z.literal('forward', { error: 'Lists page forward only.' }).optional();
export const Limit = z.number().int().min(1).max(200).default(50);

/** Optional free text: trimmed, empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'Text cannot contain a NUL character.')
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** At most two decimals, allowing for the float error of `n * 100`, which grows with `n`. */
export function hasAtMostTwoDecimals(n: number): boolean {
  const cents = n * 100;
  return Math.abs(Math.round(cents) - cents) <= Math.max(1e-6, Math.abs(cents) * 4 * Number.EPSILON);
}

/** An amount of money: non-negative, at most two decimals. */
export const Money = z
  .number()
  .min(0, 'A cost cannot be negative.')
  .max(9_999_999_999.99)
  .refine(hasAtMostTwoDecimals, 'A cost has at most two decimals.');
