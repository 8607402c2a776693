/**
 * The statements the floor sends, written by hand. They are, character for character, the SQL that
 * Kysely compiles for the @itam/db functions the API calls (`sql-check.ts` captures that SQL at run
 * time and compares), so the floor asks PostgreSQL for exactly the same work.
 */

const ASSET_WITH_HOLDER =
  'select "a".*, "h"."id" as "holder_id", "h"."username" as "holder_username", "h"."email" as "holder_email" ' +
  'from "assets" as "a" ' +
  'left join "assignments" as "s" on "s"."asset_id" = "a"."id" and "s"."ended_at" is null ' +
  'left join "users" as "h" on "h"."id" = "s"."user_id"';

export const FLOOR_SQL = {
  /** findSessionByTokenHash: one indexed lookup of the session and its user. */
  session:
    'select "sessions"."id" as "session_id", "sessions"."expires_at", sessions.expires_at <= now() as "expired", ' +
    '"users"."id", "users"."username", "users"."email", "users"."role", "users"."disabled", "users"."created_at" ' +
    'from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."token_hash" = $1',
  /**
   * listAssets({ holderId, sort: 'created' }): driven from the holder's open assignments, joined to
   * assets by primary key; keyset on seq, one row more than the page.
   */
  listByHolder:
    'select "a".*, "h"."id" as "holder_id", "h"."username" as "holder_username", "h"."email" as "holder_email" ' +
    'from "assignments" as "s" inner join "assets" as "a" on "a"."id" = "s"."asset_id" ' +
    'inner join "users" as "h" on "h"."id" = "s"."user_id" ' +
    'where "s"."user_id" = $1 and "s"."ended_at" is null order by "a"."seq" desc limit $2',
  /** listAssets({ sort: 'created' }) without filters, first page. */
  listFirst: `${ASSET_WITH_HOLDER} order by "a"."seq" desc limit $1`,
  /** listAssets({ sort: 'created', cursor }) without filters: a page after a cursor. */
  listAfter: `${ASSET_WITH_HOLDER} where "a"."seq" < $1 order by "a"."seq" desc limit $2`,
  /** findAssetById. */
  assetById: `${ASSET_WITH_HOLDER} where "a"."id" = $1`,
  /** lockAssetForUpdate's first statement (then assetById). */
  lockAsset: 'select "id" from "assets" where "id" = $1 for update',
  /** insertAsset. */
  insertAsset:
    'insert into "assets" ("tag", "name", "model", "type", "serial_number", "stage", "condition", ' +
    '"purchase_date", "purchase_cost", "warranty_end", "location", "notes") ' +
    'values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning *',
  /** setAssetStage. */
  setStage: 'update "assets" set "stage" = $1, "updated_at" = now() where "id" = $2',
  /** appendEvent: the statement trigger takes the events advisory lock until commit. */
  appendEvent:
    'insert into "events" ("actor_id", "entity", "entity_id", "action", "reason", "before", "after", "audience") ' +
    'values ($1, $2, $3, $4, $5, $6, $7, $8) returning "id", "at"',
  /** findCredentialsByLogin. */
  credentials:
    'select "id", "username", "email", "role", "disabled", "created_at", "password_hash" from "users" ' +
    'where (lower(username) = $1 or lower(email) = $2) and "kind" = $3 order by lower(username) = $4 desc',
  /** insertSession. */
  insertSession:
    'insert into "sessions" ("user_id", "token_hash", "expires_at") values ($1, $2, $3) returning "id", "expires_at"',
} as const;

export type FloorStatement = keyof typeof FLOOR_SQL;
