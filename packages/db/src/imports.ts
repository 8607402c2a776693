import type { Asset, License, Role, User } from '@itam/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type NewAssetValues, toAsset } from './assets.ts';
import type { NewEvent } from './events.ts';
import { type LicenseValues, toStoredLicense } from './licenses.ts';
import type { DB } from './schema.ts';
import { toUser, USER_COLUMNS } from './users.ts';

/**
 * Bulk reads and writes for CSV imports: which keys are taken already, and multi-row inserts in
 * batches (one statement per batch, inside the caller's one transaction).
 */

/** Rows per insert statement: 1,000 rows of 13 columns stay far below PostgreSQL's 65,535 parameters. */
const BATCH = 1_000;

/** Rows per `unnest` statement: its size is in the arrays, not in the number of parameters. */
const UNNEST_BATCH = 5_000;

function batches<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Imports of one kind take turns (a transaction-level advisory lock), so the duplicate checks an
 * import makes inside its transaction hold until it commits, also for license names, which no
 * unique index guards.
 */
export async function lockImport(trx: Transaction<DB>, kind: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7236003, hashtext(${kind}))`.execute(trx);
}

/** The given asset tags (lower case) that an asset has already. */
export async function findTakenAssetTags(db: Kysely<DB>, tags: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const batch of batches(tags, 10_000)) {
    const rows = await db
      .selectFrom('assets')
      .select(sql<string>`lower(tag)`.as('key'))
      .where(sql<boolean>`lower(tag) = any(${batch}::text[])`)
      .execute();
    for (const row of rows) taken.add(row.key);
  }
  return taken;
}

export async function findTakenUserKeys(
  db: Kysely<DB>,
  keys: { usernames: readonly string[]; emails: readonly string[] },
): Promise<{ usernames: Set<string>; emails: Set<string> }> {
  const usernames = new Set<string>();
  const emails = new Set<string>();
  for (const batch of batches(keys.usernames, 10_000)) {
    const rows = await db
      .selectFrom('users')
      .select(sql<string>`lower(username)`.as('key'))
      .where(sql<boolean>`lower(username) = any(${batch}::text[])`)
      .execute();
    for (const row of rows) usernames.add(row.key);
  }
  for (const batch of batches(keys.emails, 10_000)) {
    const rows = await db
      .selectFrom('users')
      .select(sql<string>`lower(email)`.as('key'))
      .where(sql<boolean>`lower(email) = any(${batch}::text[])`)
      .execute();
    for (const row of rows) emails.add(row.key);
  }
  return { usernames, emails };
}

/** Licenses whose lower-case name is one of `names`, as (name, vendor) in lower case. */
export async function findLicenseNamesAndVendors(
  db: Kysely<DB>,
  names: readonly string[],
): Promise<{ name: string; vendor: string | null }[]> {
  const found: { name: string; vendor: string | null }[] = [];
  for (const batch of batches(names, 10_000)) {
    const rows = await db
      .selectFrom('licenses')
      .select([sql<string>`lower(name)`.as('name'), sql<string | null>`lower(vendor)`.as('vendor')])
      .where(sql<boolean>`lower(name) = any(${batch}::text[])`)
      .execute();
    found.push(...rows);
  }
  return found;
}

/**
 * Many assets in few statements: each batch is one `insert … select from unnest(…)` with one array
 * parameter per column, which PostgreSQL plans once instead of parsing thousands of parameters.
 */
export async function insertAssets(
  trx: Transaction<DB>,
  values: readonly NewAssetValues[],
): Promise<Asset[]> {
  const created: Asset[] = [];
  for (const batch of batches(values, UNNEST_BATCH)) {
    const column = <T>(pick: (v: NewAssetValues) => T) => batch.map(pick);
    const rows = await trx
      .insertInto('assets')
      .columns([
        'tag',
        'name',
        'model',
        'type',
        'serial_number',
        'stage',
        'condition',
        'purchase_date',
        'purchase_cost',
        'warranty_end',
        'location',
        'notes',
      ])
      .expression(
        sql`select * from unnest(
          ${column((v) => v.tag)}::text[], ${column((v) => v.name)}::text[], ${column((v) => v.model ?? null)}::text[],
          ${column((v) => v.type)}::text[], ${column((v) => v.serialNumber ?? null)}::text[],
          ${column((v) => v.stage)}::text[], ${column((v) => v.condition)}::text[],
          ${column((v) => v.purchaseDate ?? null)}::date[], ${column((v) => v.purchaseCost ?? null)}::numeric[],
          ${column((v) => v.warrantyEnd ?? null)}::date[], ${column((v) => v.location ?? null)}::text[],
          ${column((v) => v.notes ?? null)}::text[])`,
      )
      .returningAll()
      .execute();
    for (const row of rows)
      created.push(toAsset({ ...row, holder_id: null, holder_username: null, holder_email: null }));
  }
  return created;
}

export async function insertLicenses(
  trx: Transaction<DB>,
  values: readonly LicenseValues[],
): Promise<License[]> {
  const created: License[] = [];
  for (const batch of batches(values)) {
    const rows = await trx
      .insertInto('licenses')
      .values(
        batch.map((v) => ({
          name: v.name,
          vendor: v.vendor ?? null,
          product_key_encrypted: v.productKeyEncrypted ?? null,
          seats: v.seats,
          purchase_date: v.purchaseDate ?? null,
          purchase_cost: v.purchaseCost ?? null,
          expiry_date: v.expiryDate ?? null,
          renewal_cost: v.renewalCost ?? null,
          renewal_notes: v.renewalNotes ?? null,
        })),
      )
      .returningAll()
      .execute();
    for (const row of rows) created.push(toStoredLicense(row).license);
  }
  return created;
}

export async function insertUsers(
  trx: Transaction<DB>,
  values: readonly { username: string; email: string; role: Role; disabled: boolean; passwordHash: string }[],
): Promise<User[]> {
  const created: User[] = [];
  for (const batch of batches(values)) {
    const rows = await trx
      .insertInto('users')
      .values(
        batch.map((v) => ({
          username: v.username,
          email: v.email,
          role: v.role,
          disabled: v.disabled,
          password_hash: v.passwordHash,
        })),
      )
      .returning(USER_COLUMNS)
      .execute();
    for (const row of rows) created.push(toUser(row));
  }
  return created;
}

/**
 * Appends many audit events: the same rows `appendEvent` writes, for a use case that changes many
 * records at once, in `insert … select from unnest(…)` batches. Call it as the last write of the
 * transaction.
 */
export async function appendEvents(trx: Transaction<DB>, events: readonly NewEvent[]): Promise<void> {
  for (const batch of batches(events, UNNEST_BATCH)) {
    const json = (value: object | null | undefined) => (value ? JSON.stringify(value) : null);
    await trx
      .insertInto('events')
      .columns(['actor_id', 'entity', 'entity_id', 'action', 'reason', 'before', 'after', 'audience'])
      .expression(
        // An array of arrays would be flattened by unnest: each audience travels as an array literal.
        sql`select actor_id, entity, entity_id, action, reason, before, after, audience::uuid[] from unnest(
          ${batch.map((e) => e.actor?.id ?? null)}::uuid[], ${batch.map((e) => e.entity)}::text[],
          ${batch.map((e) => e.entityId)}::text[], ${batch.map((e) => e.action)}::text[],
          ${batch.map((e) => e.reason ?? null)}::text[], ${batch.map((e) => json(e.before))}::jsonb[],
          ${batch.map((e) => json(e.after))}::jsonb[],
          ${batch.map((e) => `{${[...new Set(e.audience ?? [])].join(',')}}`)}::text[]
        ) as e(actor_id, entity, entity_id, action, reason, before, after, audience)`,
      )
      .execute();
  }
}
