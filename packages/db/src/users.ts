import { Id, type Role, type User, type UserKind } from '@itam/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { decodeCursor, encodeCursor, InvalidCursorError, TIMESTAMP_TEXT } from './cursor.ts';
import type { DB, UserRow } from './schema.ts';
import { containing, matchesSearch } from './search.ts';

/** The user row converted to the shape clients see: the password hash stays here. */
export function toUser(
  row: Pick<UserRow, 'id' | 'username' | 'email' | 'role' | 'disabled' | 'created_at'>,
): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    role: row.role as Role,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
  };
}

export const USER_COLUMNS = ['id', 'username', 'email', 'role', 'disabled', 'created_at'] as const;

export async function findUserById(db: Kysely<DB>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** For login only: the one place a password hash is read. */
export async function findCredentialsByLogin(
  db: Kysely<DB>,
  login: string,
): Promise<{ user: User; passwordHash: string } | undefined> {
  const key = login.trim().toLowerCase();
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where((eb) => eb.or([eb(sql`lower(username)`, '=', key), eb(sql`lower(email)`, '=', key)]))
    // A service account (an API token's) has no password to sign in with or to reset: its token is
    // its only credential, so that revoking the token ends it.
    .where('kind', '=', 'person')
    .orderBy(sql`lower(username) = ${key}`, 'desc')
    .executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

/**
 * Locks a user's row against changes to their role or status until commit. `FOR NO KEY UPDATE`,
 * not `FOR UPDATE`: rows that only reference the user (an event naming them as actor, a session,
 * an assignment) must not wait for it, or this lock and the events lock can wait for each other.
 */
export async function lockUserForUpdate(trx: Transaction<DB>, id: string): Promise<User | undefined> {
  const row = await trx
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toUser(row);
}

/** `lockUserForUpdate` with the account's kind: a person, or an API token's service account. */
export async function lockAccountForUpdate(
  trx: Transaction<DB>,
  id: string,
): Promise<{ user: User; kind: UserKind } | undefined> {
  const row = await trx
    .selectFrom('users')
    .select([...USER_COLUMNS, 'kind'])
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && { user: toUser(row), kind: row.kind as UserKind };
}

/**
 * Serialises sign-ups so that "the first account on an empty database becomes admin" holds
 * when two people sign up at the same moment.
 */
export async function lockSignUps(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(7236002)`.execute(trx);
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return n;
}

export async function countActiveAdmins(trx: Transaction<DB>): Promise<number> {
  // Locks the admin rows so two demotions cannot both see "another admin remains" (without
  // blocking the admins' own events: see lockUserForUpdate).
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .forNoKeyUpdate()
    .execute();
  return rows.length;
}

export async function insertUser(
  db: Kysely<DB>,
  values: { username: string; email: string; passwordHash: string; role: Role },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      username: values.username,
      email: values.email,
      password_hash: values.passwordHash,
      role: values.role,
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function updateUser(
  db: Kysely<DB>,
  id: string,
  patch: { role?: Role; disabled?: boolean; passwordHash?: string },
): Promise<User> {
  const row = await db
    .updateTable('users')
    .set({
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function listUsers(
  db: Kysely<DB>,
  filter: {
    q?: string | undefined;
    role?: Role | undefined;
    status?: 'active' | 'disabled' | undefined;
    /** `username` (default): keyset on lower(username); `newest`: on (created_at, id), descending. */
    sort?: 'username' | 'newest' | undefined;
    cursor?: string | null | undefined;
    limit: number;
  },
): Promise<{ items: User[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('users')
    .select([
      ...USER_COLUMNS,
      sql<string>`lower(username)`.as('sort_key'),
      // Full precision (microseconds), which a JavaScript Date would lose.
      sql<string>`created_at::text`.as('created_key'),
    ])
    // Service accounts (one per API token) are managed with their tokens, not as people.
    .where('kind', '=', 'person');
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.status) query = query.where('disabled', '=', filter.status === 'disabled');
  if (filter.q) {
    // The username and email as one text, so the trigram index serves a rare term (a `like` per
    // column made the planner read every user).
    query = query.where(matchesSearch('users', containing(filter.q)));
  }
  if (filter.sort === 'newest') {
    if (filter.cursor) {
      const [created, id] = decodeCursor(filter.cursor, 'users-newest', ['string', 'string']);
      if (!TIMESTAMP_TEXT.test(created) || !Id.safeParse(id).success) throw new InvalidCursorError();
      query = query.where(sql`(created_at, id)`, '<', sql`(${created}::timestamptz, ${id}::uuid)`);
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1)
      .execute();
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map(toUser),
      nextCursor:
        rows.length > filter.limit && last ? encodeCursor('users-newest', [last.created_key, last.id]) : null,
    };
  }
  if (filter.cursor) {
    const [after] = decodeCursor(filter.cursor, 'users', ['string']);
    query = query.where(sql`lower(username)`, '>', after);
  }
  const rows = await query
    .orderBy(sql`lower(username)`)
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toUser),
    nextCursor: rows.length > filter.limit && last ? encodeCursor('users', [last.sort_key]) : null,
  };
}
