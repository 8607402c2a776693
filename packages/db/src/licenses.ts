import { IsoDate, type License, type LicensePatch, type Seat } from '@itam/domain';
import { type Kysely, type Selectable, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import { decodeCursor, encodeCursor, InvalidCursorError } from './cursor.ts';
import type { DB, LicensesTable } from './schema.ts';
import { containing } from './search.ts';

/** A license and its encrypted key, which only the API may decrypt (and only for staff). */
export interface StoredLicense {
  license: License;
  productKeyEncrypted: string | null;
}

export function toStoredLicense(row: Selectable<LicensesTable>): StoredLicense {
  return {
    license: {
      id: row.id,
      name: row.name,
      vendor: row.vendor,
      seats: row.seats,
      seatsUsed: row.seats_used,
      purchaseDate: row.purchase_date,
      purchaseCost: row.purchase_cost,
      expiryDate: row.expiry_date,
      renewalCost: row.renewal_cost,
      renewalNotes: row.renewal_notes,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    },
    productKeyEncrypted: row.product_key_encrypted,
  };
}

export interface LicenseValues {
  name: string;
  vendor?: string | null | undefined;
  productKeyEncrypted?: string | null | undefined;
  seats: number;
  purchaseDate?: string | null | undefined;
  purchaseCost?: number | null | undefined;
  expiryDate?: string | null | undefined;
  renewalCost?: number | null | undefined;
  renewalNotes?: string | null | undefined;
}

export async function insertLicense(db: Kysely<DB>, values: LicenseValues): Promise<StoredLicense> {
  const row = await db
    .insertInto('licenses')
    .values({
      name: values.name,
      vendor: values.vendor ?? null,
      product_key_encrypted: values.productKeyEncrypted ?? null,
      seats: values.seats,
      purchase_date: values.purchaseDate ?? null,
      purchase_cost: values.purchaseCost ?? null,
      expiry_date: values.expiryDate ?? null,
      renewal_cost: values.renewalCost ?? null,
      renewal_notes: values.renewalNotes ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStoredLicense(row);
}

export async function findLicenseById(db: Kysely<DB>, id: string): Promise<StoredLicense | undefined> {
  const row = await db.selectFrom('licenses').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStoredLicense(row);
}

/** Locks the license row: seat changes on one license take turns, and its count stays exact. */
export async function lockLicenseForUpdate(
  trx: Transaction<DB>,
  id: string,
): Promise<StoredLicense | undefined> {
  const row = await trx
    .selectFrom('licenses')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && toStoredLicense(row);
}

const PATCH_COLUMNS = {
  name: 'name',
  vendor: 'vendor',
  seats: 'seats',
  purchaseDate: 'purchase_date',
  purchaseCost: 'purchase_cost',
  expiryDate: 'expiry_date',
  renewalCost: 'renewal_cost',
  renewalNotes: 'renewal_notes',
} as const satisfies Record<Exclude<keyof LicensePatch, 'productKey'>, keyof LicensesTable>;

export async function updateLicenseFields(
  db: Kysely<DB>,
  id: string,
  patch: Omit<LicensePatch, 'productKey'>,
  productKeyEncrypted?: string | null,
): Promise<StoredLicense> {
  const set: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[key as keyof typeof PATCH_COLUMNS];
    if (value !== undefined) set[column] = value;
  }
  if (productKeyEncrypted !== undefined) set.product_key_encrypted = productKeyEncrypted;
  const row = await db
    .updateTable('licenses')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStoredLicense(row);
}

export async function hasSeatHistory(db: Kysely<DB>, licenseId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('license_seats')
    .select('id')
    .where('license_id', '=', licenseId)
    .limit(1)
    .executeTakeFirst());
}

export async function deleteLicense(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('licenses').where('id', '=', id).execute();
}

export interface LicenseFilter {
  q?: string | undefined;
  expiringWithinDays?: number | undefined;
  /** Only licenses this user holds a seat of (an employee's scope). */
  seatHolderId?: string | undefined;
  /** `name` (default): keyset on (lower(name), seq); `expiry`: on (expiry_date, seq), no date last. */
  sort?: 'name' | 'expiry' | undefined;
  today: string;
  cursor?: string | null | undefined;
  limit: number;
}

/** By name or by expiry, each a keyset over an index in that order (no OFFSET). */
export async function listLicenses(
  db: Kysely<DB>,
  filter: LicenseFilter,
): Promise<{ items: StoredLicense[]; nextCursor: string | null }> {
  let query = db.selectFrom('licenses as l').selectAll('l');
  if (filter.q) {
    const like = containing(filter.q);
    query = query.where((eb) =>
      eb.or([eb(sql`lower(l.name)`, 'like', like), eb(sql`lower(coalesce(l.vendor, ''))`, 'like', like)]),
    );
  }
  if (filter.expiringWithinDays !== undefined) {
    query = query
      .where('l.expiry_date', '>=', filter.today)
      .where('l.expiry_date', '<=', sql<string>`${filter.today}::date + ${filter.expiringWithinDays}::int`);
  }
  if (filter.seatHolderId) {
    const holder = filter.seatHolderId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('license_seats as s')
          .select('s.id')
          .whereRef('s.license_id', '=', 'l.id')
          .where('s.user_id', '=', holder)
          .where('s.released_at', 'is', null),
      ),
    );
  }
  if (filter.sort === 'expiry') return pageByExpiry(query, filter);
  if (filter.cursor) {
    const [name, seq] = decodeCursor(filter.cursor, 'licenses', ['string', 'number']);
    query = query.where(sql`(lower(l.name), l.seq)`, '>', sql`(${name}, ${seq})`);
  }
  const rows = await query
    .orderBy(sql`lower(l.name)`)
    .orderBy('l.seq')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toStoredLicense),
    nextCursor:
      rows.length > filter.limit && last
        ? encodeCursor('licenses', [last.name.toLowerCase(), last.seq])
        : null,
  };
}

type LicenseQuery = SelectQueryBuilder<DB & { l: LicensesTable }, 'l', Selectable<LicensesTable>>;

/**
 * Soonest expiry first, ties by creation; licenses with no expiry date come last (ascending
 * order puts nulls last). The cursor is (expiry date or '', seq): after a dated row, the rest
 * are later dates, the same date with a higher seq, or undated; after an undated row, undated
 * rows with a higher seq.
 */
async function pageByExpiry(
  query: LicenseQuery,
  filter: LicenseFilter,
): Promise<{ items: StoredLicense[]; nextCursor: string | null }> {
  if (filter.cursor) {
    const [expiry, seq] = decodeCursor(filter.cursor, 'licenses-expiry', ['string', 'number']);
    if (expiry === '') {
      query = query.where('l.expiry_date', 'is', null).where('l.seq', '>', seq);
    } else {
      if (!IsoDate.safeParse(expiry).success) throw new InvalidCursorError();
      query = query.where((eb) =>
        eb.or([
          eb('l.expiry_date', 'is', null),
          eb(sql`(l.expiry_date, l.seq)`, '>', sql`(${expiry}::date, ${seq})`),
        ]),
      );
    }
  }
  const rows = await query
    .orderBy(sql`l.expiry_date asc nulls last`)
    .orderBy('l.seq')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toStoredLicense),
    nextCursor:
      rows.length > filter.limit && last
        ? encodeCursor('licenses-expiry', [last.expiry_date ?? '', last.seq])
        : null,
  };
}

function selectSeats(db: Kysely<DB>) {
  return db
    .selectFrom('license_seats as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('assets as a', 'a.id', 's.asset_id')
    .select([
      's.id',
      's.license_id',
      's.assigned_at',
      'u.id as user_id',
      'u.username',
      'a.id as asset_id',
      'a.tag as asset_tag',
    ])
    .where('s.released_at', 'is', null);
}

type SeatRow = Awaited<ReturnType<ReturnType<typeof selectSeats>['execute']>>[number];

function toSeat(row: SeatRow): Seat {
  return {
    id: row.id,
    licenseId: row.license_id,
    user: { id: row.user_id, username: row.username },
    asset: row.asset_id && row.asset_tag ? { id: row.asset_id, tag: row.asset_tag } : null,
    assignedAt: row.assigned_at.toISOString(),
  };
}

export async function listOpenSeats(db: Kysely<DB>, licenseId: string): Promise<Seat[]> {
  const rows = await selectSeats(db).where('s.license_id', '=', licenseId).orderBy('u.username').execute();
  return rows.map(toSeat);
}

export async function findOpenSeat(
  db: Kysely<DB>,
  licenseId: string,
  userId: string,
): Promise<Seat | undefined> {
  const row = await selectSeats(db)
    .where('s.license_id', '=', licenseId)
    .where('s.user_id', '=', userId)
    .executeTakeFirst();
  return row && toSeat(row);
}

/** Open seats of one user, with their licenses: what an employee holds. */
export async function listSeatsOfUser(
  db: Kysely<DB>,
  userId: string,
): Promise<{ seat: Seat; license: StoredLicense }[]> {
  const seats = await selectSeats(db).where('s.user_id', '=', userId).execute();
  if (seats.length === 0) return [];
  const licenses = await db
    .selectFrom('licenses')
    .selectAll()
    .where(
      'id',
      'in',
      seats.map((s) => s.license_id),
    )
    .execute();
  const byId = new Map(licenses.map((row) => [row.id, toStoredLicense(row)]));
  return seats
    .map((row) => ({ seat: toSeat(row), license: byId.get(row.license_id)! }))
    .sort((a, b) => a.license.license.name.localeCompare(b.license.license.name));
}

/**
 * Gives seats on a license the caller has locked, and counts them on the license row in the same
 * statement order: the CHECK (seats_used <= seats) refuses over-allocation even if a caller forgot
 * to ask the domain, and the partial unique index refuses a second seat for one user.
 */
export async function insertSeats(
  trx: Transaction<DB>,
  licenseId: string,
  seats: readonly { userId: string; assetId?: string | null | undefined }[],
): Promise<Seat[]> {
  if (seats.length === 0) return [];
  const inserted = await trx
    .insertInto('license_seats')
    .values(seats.map((s) => ({ license_id: licenseId, user_id: s.userId, asset_id: s.assetId ?? null })))
    .returning('id')
    .execute();
  await trx
    .updateTable('licenses')
    .set({ seats_used: sql`seats_used + ${seats.length}::int`, updated_at: sql`now()` })
    .where('id', '=', licenseId)
    .execute();
  const rows = await selectSeats(trx)
    .where(
      's.id',
      'in',
      inserted.map((r) => r.id),
    )
    .execute();
  return rows.map(toSeat);
}

/** Releases a user's open seat; returns it, or undefined when they had none. */
export async function releaseSeat(
  trx: Transaction<DB>,
  licenseId: string,
  userId: string,
): Promise<Seat | undefined> {
  const seat = await findOpenSeat(trx, licenseId, userId);
  if (!seat) return undefined;
  await trx.updateTable('license_seats').set({ released_at: sql`now()` }).where('id', '=', seat.id).execute();
  await trx
    .updateTable('licenses')
    .set({ seats_used: sql`seats_used - 1`, updated_at: sql`now()` })
    .where('id', '=', licenseId)
    .execute();
  return seat;
}

/** Every sealed product key, for re-sealing under a new secret. */
export async function listSealedProductKeys(db: Kysely<DB>): Promise<{ id: string; sealed: string }[]> {
  const rows = await db
    .selectFrom('licenses')
    .select(['id', 'product_key_encrypted'])
    .where('product_key_encrypted', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, sealed: r.product_key_encrypted! }));
}

export async function setSealedProductKey(db: Kysely<DB>, id: string, sealed: string): Promise<void> {
  await db.updateTable('licenses').set({ product_key_encrypted: sealed }).where('id', '=', id).execute();
}
