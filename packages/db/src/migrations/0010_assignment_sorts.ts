import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code.
// The assignments list's sorts and search. Each sort's key is (date, seq) with a missing date read
// as `infinity`, so one index serves both directions and a page is a row comparison away.
export async function up(db: Kysely<any>): Promise<void> {
  // sort=checkedOut (the default, latest first).
  await sql`create index assignments_started_seq_idx on assignments (started_at, seq)`.execute(db);
  // sort=expectedReturn: no expected return sorts after every date.
  await sql`create index assignments_expected_seq_idx
    on assignments ((coalesce(expected_return, 'infinity'::date)), seq)`.execute(db);
  // sort=returned: not returned yet sorts after every return.
  await sql`create index assignments_returned_seq_idx
    on assignments ((coalesce(ended_at, 'infinity'::timestamptz)), seq)`.execute(db);
  // Search by the holder's username or email (assets already have assets_search_idx).
  await sql`create index users_search_idx
    on users using gin ((lower(username || ' ' || email)) gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'users_search_idx',
    'assignments_returned_seq_idx',
    'assignments_expected_seq_idx',
    'assignments_started_seq_idx',
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
}
