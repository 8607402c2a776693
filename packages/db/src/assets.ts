import type { Asset, AssetCondition, AssetPatch, AssetStage, AssetType } from '@itam/domain';
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type Bindings, prepare } from './prepared.ts';
import type { AssetsTable, DB } from './schema.ts';
import { containing } from './search.ts';

type AssetWithHolderRow = Selectable<AssetsTable> & {
  holder_id: string | null;
  holder_username: string | null;
  holder_email: string | null;
};

/** The one place an asset row becomes the domain shape. */
export function toAsset(row: AssetWithHolderRow): Asset {
  return {
    id: row.id,
    tag: row.tag,
    name: row.name,
    model: row.model,
    type: row.type as AssetType,
    serialNumber: row.serial_number,
    stage: row.stage as AssetStage,
    condition: row.condition as AssetCondition,
    holder:
      row.holder_id && row.holder_username && row.holder_email
        ? { id: row.holder_id, username: row.holder_username, email: row.holder_email }
        : null,
    purchaseDate: row.purchase_date,
    purchaseCost: row.purchase_cost,
    warrantyEnd: row.warranty_end,
    location: row.location,
    notes: row.notes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function selectAssets(db: Kysely<DB>) {
  return db
    .selectFrom('assets as a')
    .leftJoin('assignments as s', (join) =>
      join.onRef('s.asset_id', '=', 'a.id').on('s.ended_at', 'is', null),
    )
    .leftJoin('users as h', 'h.id', 's.user_id')
    .selectAll('a')
    .select(['h.id as holder_id', 'h.username as holder_username', 'h.email as holder_email']);
}

/**
 * The assets one person holds, driven from their open assignments (a partial index) and joined
 * to assets by primary key, so its cost follows what they hold, not how many assets exist.
 * (Filtering the left join above by holder lets the planner scan every asset.)
 */
function selectAssetsHeldBy(db: Kysely<DB>, holderId: string) {
  return db
    .selectFrom('assignments as s')
    .innerJoin('assets as a', 'a.id', 's.asset_id')
    .innerJoin('users as h', 'h.id', 's.user_id')
    .where('s.user_id', '=', holderId)
    .where('s.ended_at', 'is', null)
    .selectAll('a')
    .select(['h.id as holder_id', 'h.username as holder_username', 'h.email as holder_email']);
}

/** Behind every read and change of one asset, so it is compiled once (see `prepare`). */
const selectAssetById = prepare((db, { id }: { id: string }) => selectAssets(db).where('a.id', '=', id));

export async function findAssetById(db: Kysely<DB>, id: string): Promise<Asset | undefined> {
  const [row] = await selectAssetById(db, { id });
  return row && toAsset(row);
}

/**
 * Locks the asset row for the rest of the transaction and returns it with its holder. Every
 * use case that changes an asset starts here, so two changes to one asset take turns.
 */
/** Behind every change of one asset (transitions, check-outs, check-ins, edits): compiled once. */
const lockAssetRow = prepare((db, { id }: { id: string }) =>
  db.selectFrom('assets').select('id').where('id', '=', id).forUpdate(),
);

export async function lockAssetForUpdate(trx: Transaction<DB>, id: string): Promise<Asset | undefined> {
  const [locked] = await lockAssetRow(trx, { id });
  if (!locked) return undefined;
  return findAssetById(trx, id);
}

export async function hasAssignmentHistory(db: Kysely<DB>, assetId: string): Promise<boolean> {
  const row = await db
    .selectFrom('assignments')
    .select('id')
    .where('asset_id', '=', assetId)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

export interface AssetFilter {
  stage?: readonly AssetStage[] | undefined;
  type?: readonly AssetType[] | undefined;
  holderId?: string | undefined;
  q?: string | undefined;
  sort: 'created' | 'tag' | 'name';
  cursor?: string | null | undefined;
  limit: number;
}

/** What a page of assets binds; each sort is its own statement (see `prepare`). */
interface AssetPageBindings extends Bindings {
  holderId?: string | undefined;
  stages?: readonly string[] | undefined;
  types?: readonly string[] | undefined;
  /** A `like` pattern over the search text. */
  pattern?: string | undefined;
  /** The cursor's sort key: the page starts after it. */
  after?: readonly (string | number)[] | undefined;
  take: number;
}

function selectAssetPage(sort: AssetFilter['sort']) {
  return prepare((db, b: AssetPageBindings) => {
    let query = b.holderId !== undefined ? selectAssetsHeldBy(db, b.holderId) : selectAssets(db);
    if (b.stages) query = query.where('a.stage', 'in', b.stages as AssetStage[]);
    if (b.types) query = query.where('a.type', 'in', b.types as AssetType[]);
    if (b.pattern !== undefined) query = query.where('a.search_text', 'like', b.pattern);
    const after = b.after;
    switch (sort) {
      case 'created':
        if (after) query = query.where('a.seq', '<', after[0] as number);
        query = query.orderBy('a.seq', 'desc');
        break;
      case 'tag':
        if (after) query = query.where(sql`lower(a.tag)`, '>', after[0]);
        query = query.orderBy(sql`lower(a.tag)`);
        break;
      case 'name':
        if (after) query = query.where(sql`(lower(a.name), a.seq)`, '>', sql`(${after[0]}, ${after[1]})`);
        query = query.orderBy(sql`lower(a.name)`).orderBy('a.seq');
        break;
    }
    return query.limit(b.take);
  });
}

const SELECT_ASSET_PAGE = {
  created: selectAssetPage('created'),
  tag: selectAssetPage('tag'),
  name: selectAssetPage('name'),
};

const CURSOR_KEYS = { created: ['number'], tag: ['string'], name: ['string', 'number'] } as const;

/** Keyset pagination: the cursor is the last row's sort key; no OFFSET anywhere. */
export async function listAssets(
  db: Kysely<DB>,
  filter: AssetFilter,
): Promise<{ items: Asset[]; nextCursor: string | null }> {
  const rows = await SELECT_ASSET_PAGE[filter.sort](db, {
    holderId: filter.holderId,
    stages: filter.stage?.length ? filter.stage : undefined,
    types: filter.type?.length ? filter.type : undefined,
    pattern: filter.q ? containing(filter.q) : undefined,
    after: filter.cursor ? decodeCursor(filter.cursor, filter.sort, CURSOR_KEYS[filter.sort]) : undefined,
    take: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > filter.limit && last) {
    nextCursor =
      filter.sort === 'created'
        ? encodeCursor('created', [last.seq])
        : filter.sort === 'tag'
          ? encodeCursor('tag', [last.tag.toLowerCase()])
          : encodeCursor('name', [last.name.toLowerCase(), last.seq]);
  }
  return { items: page.map(toAsset), nextCursor };
}

export interface NewAssetValues {
  tag: string;
  name: string;
  model?: string | null | undefined;
  type: AssetType;
  serialNumber?: string | null | undefined;
  stage: AssetStage;
  condition: AssetCondition;
  purchaseDate?: string | null | undefined;
  purchaseCost?: number | null | undefined;
  warrantyEnd?: string | null | undefined;
  location?: string | null | undefined;
  notes?: string | null | undefined;
}

/** The columns an asset is created with, each bound (null included). */
type NewAssetRow = {
  [K in
    | 'tag'
    | 'name'
    | 'model'
    | 'type'
    | 'serial_number'
    | 'stage'
    | 'condition'
    | 'purchase_date'
    | 'purchase_cost'
    | 'warranty_end'
    | 'location'
    | 'notes']-?: Exclude<Insertable<AssetsTable>[K], undefined>;
};

/** Behind every `assets.create`, so it is compiled once (see `prepare`). */
const insertAssetRow = prepare((db, values: NewAssetRow) =>
  db.insertInto('assets').values(values).returningAll(),
);

export async function insertAsset(db: Kysely<DB>, values: NewAssetValues): Promise<Asset> {
  const [row] = await insertAssetRow(db, {
    tag: values.tag,
    name: values.name,
    model: values.model ?? null,
    type: values.type,
    serial_number: values.serialNumber ?? null,
    stage: values.stage,
    condition: values.condition,
    purchase_date: values.purchaseDate ?? null,
    purchase_cost: values.purchaseCost ?? null,
    warranty_end: values.warrantyEnd ?? null,
    location: values.location ?? null,
    notes: values.notes ?? null,
  });
  if (!row) throw new Error('insert into assets returned no row');
  return toAsset({ ...row, holder_id: null, holder_username: null, holder_email: null });
}

const PATCH_COLUMNS = {
  tag: 'tag',
  name: 'name',
  model: 'model',
  type: 'type',
  serialNumber: 'serial_number',
  condition: 'condition',
  purchaseDate: 'purchase_date',
  purchaseCost: 'purchase_cost',
  warrantyEnd: 'warranty_end',
  location: 'location',
  notes: 'notes',
} as const satisfies Record<keyof AssetPatch, keyof AssetsTable>;

export async function updateAssetFields(db: Kysely<DB>, id: string, patch: AssetPatch): Promise<void> {
  const set: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[key as keyof AssetPatch];
    if (value !== undefined) set[column] = value;
  }
  await db
    .updateTable('assets')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

const updateAssetStage = prepare((db, b: { id: string; stage: string }) =>
  db.updateTable('assets').set({ stage: b.stage, updated_at: sql`now()` }).where('id', '=', b.id),
);

export async function setAssetStage(db: Kysely<DB>, id: string, stage: AssetStage): Promise<void> {
  await updateAssetStage(db, { id, stage });
}

export async function deleteAsset(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('assets').where('id', '=', id).execute();
}
