import {
  type AssetCondition,
  type Assignment,
  type AssignmentSort,
  DEFAULT_ASSIGNMENT_ORDER,
  IsoDate,
  type SortOrder,
} from '@itam/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { decodeCursor, encodeCursor, InvalidCursorError, TIMESTAMP_TEXT } from './cursor.ts';
import type { DB } from './schema.ts';
import { containing, pointsAtMatching } from './search.ts';

/** Opens an assignment. The partial unique index refuses a second open one for the same asset. */
export async function insertAssignment(
  db: Kysely<DB>,
  values: {
    assetId: string;
    userId: string;
    expectedReturn?: string | null;
    note?: string | null;
    startedAt?: Date;
  },
): Promise<{ id: string }> {
  return db
    .insertInto('assignments')
    .values({
      asset_id: values.assetId,
      user_id: values.userId,
      expected_return: values.expectedReturn ?? null,
      note: values.note ?? null,
      ...(values.startedAt ? { started_at: values.startedAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface OpenAssignment {
  id: string;
  userId: string;
  username: string;
  startedAt: Date;
}

export async function findOpenAssignment(
  db: Kysely<DB>,
  assetId: string,
): Promise<OpenAssignment | undefined> {
  const row = await db
    .selectFrom('assignments as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 'u.username', 's.started_at'])
    .where('s.asset_id', '=', assetId)
    .where('s.ended_at', 'is', null)
    .executeTakeFirst();
  return row && { id: row.id, userId: row.user_id, username: row.username, startedAt: row.started_at };
}

/** Ends an open assignment; returns false when it was not open (someone else ended it first). */
export async function closeAssignment(
  trx: Transaction<DB>,
  id: string,
  values: { note?: string | null | undefined; condition?: AssetCondition | undefined },
): Promise<boolean> {
  const result = await trx
    .updateTable('assignments')
    .set({
      ended_at: sql`now()`,
      return_note: values.note ?? null,
      return_condition: values.condition ?? null,
    })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function selectAssignments(db: Kysely<DB>) {
  return db
    .selectFrom('assignments as s')
    .innerJoin('assets as a', 'a.id', 's.asset_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.seq',
      's.started_at',
      's.ended_at',
      's.expected_return',
      's.note',
      's.return_note',
      's.return_condition',
      'a.id as asset_id',
      'a.tag as asset_tag',
      'a.name as asset_name',
      'u.id as user_id',
      'u.username',
    ]);
}

type AssignmentRow = Awaited<ReturnType<ReturnType<typeof selectAssignments>['execute']>>[number];

export function toAssignment(row: AssignmentRow, today: string): Assignment {
  return {
    id: row.id,
    asset: { id: row.asset_id, tag: row.asset_tag, name: row.asset_name },
    user: { id: row.user_id, username: row.username },
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    expectedReturn: row.expected_return,
    note: row.note,
    returnNote: row.return_note,
    returnCondition: row.return_condition as AssetCondition | null,
    overdue: row.ended_at === null && row.expected_return !== null && row.expected_return < today,
  };
}

export async function findAssignmentById(
  db: Kysely<DB>,
  id: string,
  today: string,
): Promise<Assignment | undefined> {
  const row = await selectAssignments(db).where('s.id', '=', id).executeTakeFirst();
  return row && toAssignment(row, today);
}

export interface AssignmentFilter {
  userId?: string | undefined;
  assetId?: string | undefined;
  state: 'open' | 'overdue' | 'closed' | 'all';
  q?: string | undefined;
  sort?: AssignmentSort | undefined;
  order?: SortOrder | undefined;
  cursor?: string | null | undefined;
  limit: number;
  today: string;
}

/**
 * Each sort's key, as its index (migration 0010) holds it. A missing date reads as `infinity`,
 * so it sorts after every date and the key is never null: one row comparison pages through it.
 * `text` is how the key travels in a cursor (full precision, which a JavaScript Date would lose).
 */
const SORT_KEYS = {
  checkedOut: { key: sql`s.started_at`, type: 'timestamptz', nullable: false },
  expectedReturn: { key: sql`coalesce(s.expected_return, 'infinity'::date)`, type: 'date', nullable: true },
  returned: { key: sql`coalesce(s.ended_at, 'infinity'::timestamptz)`, type: 'timestamptz', nullable: true },
} as const;

function isSortKeyText(sort: AssignmentSort, text: string): boolean {
  const { type, nullable } = SORT_KEYS[sort];
  if (nullable && text === 'infinity') return true;
  return type === 'date' ? IsoDate.safeParse(text).success : TIMESTAMP_TEXT.test(text);
}

/**
 * Keyset paging in any sort: (key, seq) both ascending or both descending, so the cursor is the
 * last row's (key, seq) and the next page is one row comparison away, read in index order.
 * Search looks up matching assets and people by their trigram indexes first, then their
 * assignments by asset or holder (`pointsAtMatching`).
 */
export async function listAssignments(
  db: Kysely<DB>,
  filter: AssignmentFilter,
): Promise<{ items: Assignment[]; nextCursor: string | null }> {
  const sort = filter.sort ?? 'checkedOut';
  const order = filter.order ?? DEFAULT_ASSIGNMENT_ORDER[sort];
  const { key, type } = SORT_KEYS[sort];
  const kind = `assignments-${sort}-${order}`;
  let query = selectAssignments(db).select(sql<string>`(${key})::text`.as('sort_key'));
  if (filter.userId) query = query.where('s.user_id', '=', filter.userId);
  if (filter.assetId) query = query.where('s.asset_id', '=', filter.assetId);
  if (filter.state === 'open') query = query.where('s.ended_at', 'is', null);
  if (filter.state === 'closed') query = query.where('s.ended_at', 'is not', null);
  if (filter.state === 'overdue') {
    query = query.where('s.ended_at', 'is', null).where('s.expected_return', '<', filter.today);
  }
  if (filter.q) {
    const like = containing(filter.q);
    const [ofAsset, ofHolder] = await Promise.all([
      pointsAtMatching(db, sql`s.asset_id`, 'assets', like),
      pointsAtMatching(db, sql`s.user_id`, 'users', like),
    ]);
    query = query.where((eb) => eb.or([ofAsset, ofHolder]));
  }
  if (filter.cursor) {
    const [after, seq] = decodeCursor(filter.cursor, kind, ['string', 'number']);
    if (!isSortKeyText(sort, after)) throw new InvalidCursorError();
    const cast = type === 'date' ? sql`${after}::date` : sql`${after}::timestamptz`;
    query = query.where(sql`(${key}, s.seq)`, order === 'asc' ? '>' : '<', sql`(${cast}, ${seq})`);
  }
  const rows = await query
    .orderBy(key, order)
    .orderBy('s.seq', order)
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toAssignment(row, filter.today)),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(kind, [last.sort_key, last.seq]) : null,
  };
}

export async function setAssetCondition(
  db: Kysely<DB>,
  assetId: string,
  condition: AssetCondition,
): Promise<void> {
  await db
    .updateTable('assets')
    .set({ condition, updated_at: sql`now()` })
    .where('id', '=', assetId)
    .execute();
}
