import { type ApiToken, type TokenRole, tokenStatus, type User } from '@itam/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { toUser, USER_COLUMNS } from './users.ts';

/**
 * API tokens. Each has its own service account (a user of kind `service` named after the
 * service), which is the actor of everything done with the token. The secret is never stored:
 * only its SHA-256 hash, as for sessions.
 */

/** A service account cannot sign in: this is not a hash any password verifies against. */
const NO_PASSWORD = '!service-account';

function selectTokens(db: Kysely<DB>) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as a', 'a.id', 't.account_id')
    .leftJoin('users as c', 'c.id', 't.created_by')
    .select([
      't.id',
      't.seq',
      't.account_id',
      'a.username as name',
      'a.role',
      't.created_at',
      't.created_by',
      'c.username as created_by_username',
      't.last_used_at',
      't.expires_at',
      't.revoked_at',
      sql<Date>`now()`.as('now'),
    ]);
}

type TokenQueryRow = Awaited<ReturnType<ReturnType<typeof selectTokens>['execute']>>[number];

function toApiToken(row: TokenQueryRow): ApiToken {
  const expiresAt = row.expires_at?.toISOString() ?? null;
  const revokedAt = row.revoked_at?.toISOString() ?? null;
  return {
    id: row.id,
    name: row.name,
    role: row.role as TokenRole,
    accountId: row.account_id,
    createdAt: row.created_at.toISOString(),
    createdBy:
      row.created_by && row.created_by_username
        ? { id: row.created_by, username: row.created_by_username }
        : null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt,
    revokedAt,
    // The database's clock decides, as it does for the request's lookup.
    status: tokenStatus({ expiresAt, revokedAt }, row.now),
  };
}

/** Creates the service account and its token. A name that any account has is `users_username_key`. */
export async function insertApiToken(
  trx: Transaction<DB>,
  values: {
    name: string;
    role: TokenRole;
    tokenHash: string;
    expiresAt: string | null;
    createdBy: string | null;
  },
): Promise<{ apiToken: ApiToken; account: User }> {
  const account = await trx
    .insertInto('users')
    .values({
      username: values.name,
      // Unique like every email; `.invalid` is reserved (RFC 2606), so it reaches nobody.
      email: `${values.name.toLowerCase()}@service.invalid`,
      password_hash: NO_PASSWORD,
      role: values.role,
      kind: 'service',
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  const { id } = await trx
    .insertInto('api_tokens')
    .values({
      account_id: account.id,
      token_hash: values.tokenHash,
      expires_at: values.expiresAt,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const apiToken = await findApiTokenById(trx, id);
  return { apiToken: apiToken!, account: toUser(account) };
}

export async function findApiTokenById(db: Kysely<DB>, id: string): Promise<ApiToken | undefined> {
  const row = await selectTokens(db).where('t.id', '=', id).executeTakeFirst();
  return row && toApiToken(row);
}

/** By id or by its service's name (the command-line tool takes either). */
export async function findApiTokenByIdOrName(db: Kysely<DB>, key: string): Promise<ApiToken | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  const row = await selectTokens(db)
    .where((eb) => (isUuid ? eb('t.id', '=', key) : eb(sql`lower(a.username)`, '=', key.toLowerCase())))
    .executeTakeFirst();
  return row && toApiToken(row);
}

/** Every token, newest first. Tokens are few (one per integrated service): no paging. */
export async function listApiTokens(db: Kysely<DB>): Promise<ApiToken[]> {
  const rows = await selectTokens(db).orderBy('t.seq', 'desc').execute();
  return rows.map(toApiToken);
}

/** Locks the token row until commit, so two revocations write one event. */
export async function lockApiTokenForUpdate(trx: Transaction<DB>, id: string): Promise<ApiToken | undefined> {
  const locked = await trx
    .selectFrom('api_tokens')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return locked ? findApiTokenById(trx, id) : undefined;
}

export async function revokeApiToken(
  trx: Transaction<DB>,
  id: string,
  revokedBy: string | null,
): Promise<ApiToken> {
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()`, revoked_by: revokedBy })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return (await findApiTokenById(trx, id))!;
}

export type ApiTokenLookup =
  | { status: 'valid'; tokenId: string; user: User; expiresAt: Date | null; stale: boolean }
  | { status: 'expired' | 'revoked' | 'disabled' | 'unknown' };

/**
 * One indexed lookup per request made with an API token: the token and its service account.
 * `stale` says `last_used_at` is more than a minute old, so the caller records the use.
 */
export async function findApiTokenByHash(db: Kysely<DB>, tokenHash: string): Promise<ApiTokenLookup> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users', 'users.id', 't.account_id')
    .select([
      't.id as token_id',
      't.expires_at',
      't.revoked_at',
      sql<boolean>`t.expires_at is not null and t.expires_at <= now()`.as('expired'),
      sql<boolean>`t.last_used_at is null or t.last_used_at < now() - interval '1 minute'`.as('stale'),
      ...USER_COLUMNS.map((c) => `users.${c}` as const),
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.revoked_at) return { status: 'revoked' };
  if (row.expired) return { status: 'expired' };
  if (row.disabled) return { status: 'disabled' };
  return {
    status: 'valid',
    tokenId: row.token_id,
    user: toUser(row),
    expiresAt: row.expires_at,
    stale: row.stale,
  };
}

/** Records a use, at most once a minute per token (see `stale`). */
export async function touchApiToken(db: Kysely<DB>, tokenId: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', tokenId)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    )
    .execute();
}

/** Of the given hashes, those of tokens still valid (not revoked, not expired, account enabled). One query. */
export async function findLiveApiTokenHashes(
  db: Kysely<DB>,
  tokenHashes: readonly string[],
): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users', 'users.id', 't.account_id')
    .select('t.token_hash')
    .where('t.token_hash', 'in', [...tokenHashes])
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
    .where('users.disabled', '=', false)
    .execute();
  return new Set(rows.map((r) => r.token_hash));
}
