import {
  IsoDate,
  isMaintenanceOverdue,
  type ListedMaintenance,
  type Maintenance,
  type MaintenanceStatus,
  type MaintenanceType,
} from '@itam/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { decodeCursor, encodeCursor, InvalidCursorError } from './cursor.ts';
import type { DB } from './schema.ts';
import { containing, pointsAtMatching } from './search.ts';

function selectMaintenance(db: Kysely<DB>) {
  return db
    .selectFrom('maintenance as m')
    .innerJoin('assets as a', 'a.id', 'm.asset_id')
    .selectAll('m')
    .select(['a.tag as asset_tag', 'a.name as asset_name']);
}

type MaintenanceRow = Awaited<ReturnType<ReturnType<typeof selectMaintenance>['execute']>>[number];

export function toMaintenance(row: MaintenanceRow): Maintenance {
  return {
    id: row.id,
    asset: { id: row.asset_id, tag: row.asset_tag, name: row.asset_name },
    type: row.type as MaintenanceType,
    status: row.status as MaintenanceStatus,
    scheduledFor: row.scheduled_for,
    startedAt: row.started_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
    details: row.details,
    cost: row.cost,
    note: row.note,
    createdAt: row.created_at.toISOString(),
  };
}

export async function insertMaintenance(
  db: Kysely<DB>,
  values: {
    assetId: string;
    type: MaintenanceType;
    scheduledFor: string;
    details: string;
    cost?: number | null | undefined;
  },
): Promise<Maintenance> {
  const { id } = await db
    .insertInto('maintenance')
    .values({
      asset_id: values.assetId,
      type: values.type,
      scheduled_for: values.scheduledFor,
      details: values.details,
      cost: values.cost ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findMaintenanceById(db, id))!;
}

export async function findMaintenanceById(db: Kysely<DB>, id: string): Promise<Maintenance | undefined> {
  const row = await selectMaintenance(db).where('m.id', '=', id).executeTakeFirst();
  return row && toMaintenance(row);
}

export async function lockMaintenanceForUpdate(
  trx: Transaction<DB>,
  id: string,
): Promise<Maintenance | undefined> {
  const locked = await trx
    .selectFrom('maintenance')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return locked && findMaintenanceById(trx, id);
}

export async function setMaintenanceStatus(
  trx: Transaction<DB>,
  id: string,
  status: MaintenanceStatus,
  values: { note?: string | null | undefined; cost?: number | null | undefined } = {},
): Promise<Maintenance> {
  await trx
    .updateTable('maintenance')
    .set({
      status,
      ...(status === 'in_progress' ? { started_at: sql`now()` } : {}),
      ...(status === 'completed' || status === 'cancelled' ? { completed_at: sql`now()` } : {}),
      ...(values.note !== undefined ? { note: values.note } : {}),
      ...(values.cost !== undefined ? { cost: values.cost } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
  return (await findMaintenanceById(trx, id))!;
}

/** Other work in progress on the same asset (which keeps it in maintenance when this one ends). */
export async function countOtherMaintenanceInProgress(
  trx: Transaction<DB>,
  assetId: string,
  exceptId: string,
): Promise<number> {
  const rows = await trx
    .selectFrom('maintenance')
    .select('id')
    .where('asset_id', '=', assetId)
    .where('status', '=', 'in_progress')
    .where('id', '!=', exceptId)
    .execute();
  return rows.length;
}

export interface MaintenanceFilter {
  assetId?: string | undefined;
  status?: readonly MaintenanceStatus[] | undefined;
  type?: readonly MaintenanceType[] | undefined;
  overdue?: boolean | undefined;
  /** Words of the record (details, note) or of its asset (tag, name, serial, model). */
  q?: string | undefined;
  /** `recent` (default): newest record first, keyset on seq; `scheduled`: on (scheduled_for, seq). */
  sort?: 'recent' | 'scheduled' | undefined;
  /** Only maintenance of assets this user holds (an employee's scope). */
  holderId?: string | undefined;
  today: string;
  cursor?: string | null | undefined;
  limit: number;
}

export async function listMaintenance(
  db: Kysely<DB>,
  filter: MaintenanceFilter,
): Promise<{ items: ListedMaintenance[]; nextCursor: string | null }> {
  // Whether each record is overdue is decided on the caller's calendar day, as the report decides it.
  const listed = (row: MaintenanceRow): ListedMaintenance => {
    const record = toMaintenance(row);
    return { ...record, overdue: isMaintenanceOverdue(record, filter.today) };
  };
  let query = selectMaintenance(db);
  if (filter.assetId) query = query.where('m.asset_id', '=', filter.assetId);
  if (filter.status?.length) query = query.where('m.status', 'in', [...filter.status]);
  if (filter.type?.length) query = query.where('m.type', 'in', [...filter.type]);
  if (filter.overdue)
    query = query.where('m.status', '=', 'scheduled').where('m.scheduled_for', '<', filter.today);
  if (filter.q) {
    const like = containing(filter.q);
    const ofAsset = await pointsAtMatching(db, sql`m.asset_id`, 'assets', like);
    query = query.where((eb) =>
      eb.or([ofAsset, eb(sql`lower(m.details || ' ' || coalesce(m.note, ''))`, 'like', like)]),
    );
  }
  if (filter.holderId) {
    const holder = filter.holderId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('assignments as s')
          .select('s.id')
          .whereRef('s.asset_id', '=', 'm.asset_id')
          .where('s.user_id', '=', holder)
          .where('s.ended_at', 'is', null),
      ),
    );
  }
  if (filter.sort === 'scheduled') {
    if (filter.cursor) {
      const [date, seq] = decodeCursor(filter.cursor, 'maintenance-scheduled', ['string', 'number']);
      if (!IsoDate.safeParse(date).success) throw new InvalidCursorError();
      query = query.where(sql`(m.scheduled_for, m.seq)`, '>', sql`(${date}::date, ${seq})`);
    }
    const rows = await query
      .orderBy('m.scheduled_for')
      .orderBy('m.seq')
      .limit(filter.limit + 1)
      .execute();
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map(listed),
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor('maintenance-scheduled', [last.scheduled_for, last.seq])
          : null,
    };
  }
  if (filter.cursor) {
    const [seq] = decodeCursor(filter.cursor, 'maintenance', ['number']);
    query = query.where('m.seq', '<', seq);
  }
  const rows = await query
    .orderBy('m.seq', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(listed),
    nextCursor: rows.length > filter.limit && last ? encodeCursor('maintenance', [last.seq]) : null,
  };
}
