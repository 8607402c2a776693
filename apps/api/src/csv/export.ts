import {
  type DB,
  type Kysely,
  listAssets,
  listAssignments,
  listEvents,
  listLicenses,
  listMaintenance,
  listUsers,
} from '@itam/db';
import {
  type Actor,
  can,
  csvLine,
  ENTITIES,
  EXPORT_ACTION,
  EXPORT_COLUMNS,
  type ExportKind,
  type ExportRecords,
  Id,
  IsoDateTime,
  ListAssetsInput,
  ListAssignmentsInput,
  ListLicensesInput,
  ListMaintenanceInput,
  ListUsersInput,
  scopeOf,
  TO_CELLS,
  todayUtc,
} from '@itam/domain';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { fail } from '../errors.ts';

/**
 * Export of any table to CSV, streamed: the rows come from the same list functions, filters and
 * permission scope as the tables' list procedures, one keyset page at a time, so an export of a
 * million assets never holds more than a page in memory. Product keys are never exported.
 */
export const EXPORT_PAGE = 500;

const noPaging = { cursor: true, direction: true, limit: true } as const;
const EventFilterInput = z.strictObject({
  entity: z.enum(ENTITIES).optional(),
  entityId: z.string().max(100).optional(),
  actorId: Id.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});

/** The filters of each export: its list procedure's input without the paging fields. */
export const EXPORT_FILTERS = {
  // Exports sort by tag unless asked otherwise: the order then does not depend on when rows were created.
  assets: ListAssetsInput.unwrap()
    .omit(noPaging)
    .extend({ sort: ListAssetsInput.unwrap().shape.sort.unwrap().default('tag') }),
  licenses: ListLicensesInput.unwrap().omit(noPaging),
  users: ListUsersInput.unwrap().omit(noPaging),
  assignments: ListAssignmentsInput.unwrap().omit(noPaging),
  maintenance: ListMaintenanceInput.unwrap().omit(noPaging),
  events: EventFilterInput,
} as const;

export type ExportFilter<K extends ExportKind> = z.output<(typeof EXPORT_FILTERS)[K]>;

const ARRAY_FIELDS = new Set(['stage', 'type', 'status']);
const NUMBER_FIELDS = new Set(['expiringWithinDays']);
const BOOLEAN_FIELDS = new Set(['overdue']);

/**
 * Reads an export's filters from a URL query (`?stage=deployed&stage=lost` or `?stage=deployed,lost`),
 * validated by the list procedure's schema. Throws VALIDATION_FAILED with the issues.
 */
export function parseExportQuery<K extends ExportKind>(
  kind: K,
  query: Record<string, string | string[] | undefined>,
): ExportFilter<K> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (ARRAY_FIELDS.has(key)) raw[key] = values.flatMap((v) => v.split(',')).filter((v) => v !== '');
    else if (values.length !== 1) raw[key] = values;
    else if (NUMBER_FIELDS.has(key) && /^\d+$/.test(values[0]!)) raw[key] = Number(values[0]);
    else if (BOOLEAN_FIELDS.has(key) && ['true', '1', 'false', '0'].includes(values[0]!))
      raw[key] = values[0] === 'true' || values[0] === '1';
    else raw[key] = values[0];
  }
  const parsed = EXPORT_FILTERS[kind].safeParse(raw);
  if (parsed.success) return parsed.data as ExportFilter<K>;
  const first = parsed.error.issues[0];
  // As tRPC answers a bad input: BAD_REQUEST (reason VALIDATION_FAILED) with the zod issues.
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: first ? `${first.path.join('.') || 'query'}: ${first.message}` : 'Bad filters.',
    cause: parsed.error,
  });
}

type Page<T> = { items: T[]; nextCursor: string | null };

/** One page of a kind's list, with the actor's scope applied as the list procedure applies it. */
function pageOf<K extends ExportKind>(
  db: Kysely<DB>,
  actor: Actor,
  kind: K,
  filter: ExportFilter<K>,
  cursor: string | null,
): Promise<Page<ExportRecords[K]>> {
  const paging = { cursor, limit: EXPORT_PAGE };
  const own = scopeOf(actor, EXPORT_ACTION[kind]) === 'own';
  const today = todayUtc();
  const pages: { [P in ExportKind]: () => Promise<Page<ExportRecords[P]>> } = {
    assets: () => {
      const f = filter as ExportFilter<'assets'>;
      return listAssets(db, { ...f, ...paging, holderId: own ? actor.id : f.holderId });
    },
    licenses: async () => {
      const f = filter as ExportFilter<'licenses'>;
      const result = await listLicenses(db, {
        ...f,
        ...paging,
        today,
        seatHolderId: own ? actor.id : undefined,
      });
      // Only the license: its product key stays sealed in the database.
      return { items: result.items.map((l) => l.license), nextCursor: result.nextCursor };
    },
    users: () => listUsers(db, { ...(filter as ExportFilter<'users'>), ...paging }),
    assignments: () => {
      const f = filter as ExportFilter<'assignments'>;
      return listAssignments(db, { ...f, ...paging, today, userId: own ? actor.id : f.userId });
    },
    maintenance: () => {
      const f = filter as ExportFilter<'maintenance'>;
      return listMaintenance(db, { ...f, ...paging, today, holderId: own ? actor.id : undefined });
    },
    events: () => listEvents(db, { ...(filter as ExportFilter<'events'>), ...paging }),
  };
  return pages[kind]() as Promise<Page<ExportRecords[K]>>;
}

/** Refuses an actor without the list permission of the kind (before any byte is sent). */
export function assertMayExport(actor: Actor, kind: ExportKind): void {
  if (!can(actor, EXPORT_ACTION[kind]))
    throw fail('FORBIDDEN', 'You do not have permission to export that.', { action: EXPORT_ACTION[kind] });
}

/** The CSV text, a header line then one chunk per page, each line ending in CRLF. */
export async function* exportCsv<K extends ExportKind>(
  db: Kysely<DB>,
  actor: Actor,
  kind: K,
  filter: ExportFilter<K>,
): AsyncGenerator<string> {
  assertMayExport(actor, kind);
  yield csvLine(EXPORT_COLUMNS[kind]);
  const toCells = TO_CELLS[kind] as (record: ExportRecords[K]) => ReturnType<(typeof TO_CELLS)['assets']>;
  let cursor: string | null = null;
  do {
    const page: Page<ExportRecords[K]> = await pageOf(db, actor, kind, filter, cursor);
    if (page.items.length > 0) yield page.items.map((item) => csvLine(toCells(item))).join('');
    cursor = page.nextCursor;
  } while (cursor);
}
