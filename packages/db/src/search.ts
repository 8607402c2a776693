import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * How many matching assets or people a search looks up by their trigram index before it gives up
 * on the list of ids. Fewer, and the list's rows are found by those ids (an index lookup each);
 * more, and matches are common enough that reading the list in its order finds a page at once.
 */
const FEW_MATCHES = 1000;

/**
 * The `like` pattern for text containing `q`, case-insensitively (the searched expressions are
 * lower case), with `%`, `_` and a backslash in `q` taken literally.
 */
export function containing(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SEARCHED = {
  assets: sql`search_text`,
  users: sql`lower(username || ' ' || email)`,
} as const;

/**
 * Whether a record of `table` matches the `like` pattern, written as the expression its trigram
 * index is built on (`users_search_idx`, `assets_search_idx`): any other spelling, such as one
 * `like` per column, is not served by the index and reads the whole table.
 */
export function matchesSearch(table: keyof typeof SEARCHED, pattern: string): RawBuilder<boolean> {
  return sql<boolean>`${SEARCHED[table]} like ${pattern}`;
}

/**
 * Rows of a list whose `column` (an asset or user id) points at a record of `table` matching the
 * `like` pattern. A rare term becomes `column = any(ids)`, which the planner serves from the
 * column's index; a common one stays a subquery, read while walking the list's sort index.
 * (An `in (subquery)` alone made the planner walk every row of the list filtering, whatever the term.)
 */
export async function pointsAtMatching(
  db: Kysely<DB>,
  column: RawBuilder<unknown>,
  table: keyof typeof SEARCHED,
  pattern: string,
): Promise<RawBuilder<boolean>> {
  const searched = SEARCHED[table];
  const rows = await sql<{ id: string }>`select id from ${sql.table(table)}
    where ${searched} like ${pattern} limit ${FEW_MATCHES + 1}`.execute(db);
  if (rows.rows.length > FEW_MATCHES) {
    return sql<boolean>`${column} in (select id from ${sql.table(table)} where ${searched} like ${pattern})`;
  }
  return sql<boolean>`${column} = any(${rows.rows.map((r) => r.id)}::uuid[])`;
}
