import { expect } from 'vitest';

/** Follows `nextCursor` to the end; fails if paging does not end or a page is too long. */
export async function walkPages<T>(
  fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
  limit: number,
  maxPages = 500,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await fetch(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('paging did not end');
}

/** How a list refuses a cursor it did not issue. */
export const invalidCursor = { code: 'BAD_REQUEST', cause: { reason: 'INVALID_CURSOR' } };
