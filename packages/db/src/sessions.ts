import type { User } from '@itam/domain';
import { type Kysely, sql } from 'kysely';
import { prepare } from './prepared.ts';
import type { DB } from './schema.ts';
import { toUser } from './users.ts';

/** Sessions are stored by the hash of their token; the token itself is never stored. */
export async function insertSession(
  db: Kysely<DB>,
  values: { userId: string; tokenHash: string; expiresAt: Date },
): Promise<{ id: string; expiresAt: Date }> {
  const row = await db
    .insertInto('sessions')
    .values({ user_id: values.userId, token_hash: values.tokenHash, expires_at: values.expiresAt })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, expiresAt: row.expires_at };
}

export type SessionLookup =
  | { status: 'valid'; sessionId: string; user: User; expiresAt: Date }
  | { status: 'expired' | 'disabled' | 'unknown' };

/** One indexed lookup per authenticated request: the session and its user together. */
/** Runs on nearly every request, so it is compiled once (see `prepare`). */
const selectSessionByTokenHash = prepare((db, { tokenHash }: { tokenHash: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.expires_at',
      sql<boolean>`sessions.expires_at <= now()`.as('expired'),
      'users.id',
      'users.username',
      'users.email',
      'users.role',
      'users.disabled',
      'users.created_at',
    ])
    .where('sessions.token_hash', '=', tokenHash),
);

export async function findSessionByTokenHash(db: Kysely<DB>, tokenHash: string): Promise<SessionLookup> {
  const [row] = await selectSessionByTokenHash(db, { tokenHash });
  if (!row) return { status: 'unknown' };
  if (row.expired) return { status: 'expired' };
  if (row.disabled) return { status: 'disabled' };
  return { status: 'valid', sessionId: row.session_id, user: toUser(row), expiresAt: row.expires_at };
}

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteSessionsOfUser(db: Kysely<DB>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Kysely<DB>): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Of the given token hashes, those whose session is still valid (not expired, user enabled). One query. */
export async function findLiveSessionHashes(
  db: Kysely<DB>,
  tokenHashes: readonly string[],
): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select('sessions.token_hash')
    .where('sessions.token_hash', 'in', [...tokenHashes])
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('users.disabled', '=', false)
    .execute();
  return new Set(rows.map((r) => r.token_hash));
}
