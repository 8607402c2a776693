import type { Asset } from '../assets/schemas.ts';
import type { Assignment } from '../assignments/schemas.ts';
import type { AuditEvent } from '../events/schemas.ts';
import type { License } from '../licenses/schemas.ts';
import type { Maintenance } from '../maintenance/schemas.ts';
import type { Action } from '../permissions.ts';
import type { User } from '../users/schemas.ts';

/**
 * The CSV format of each table: its columns, in order, and how a record becomes cells. The
 * kinds that can be imported use one column set both ways, so an export imports again as is
 * (ids, timestamps and derived values such as a holder or seats in use are not in it). The
 * other kinds are reports: they carry ids and times.
 */
export const IMPORT_KINDS = ['assets', 'licenses', 'users'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const EXPORT_KINDS = [...IMPORT_KINDS, 'assignments', 'maintenance', 'events'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export function isImportKind(value: unknown): value is ImportKind {
  return typeof value === 'string' && (IMPORT_KINDS as readonly string[]).includes(value);
}

export function isExportKind(value: unknown): value is ExportKind {
  return typeof value === 'string' && (EXPORT_KINDS as readonly string[]).includes(value);
}

/** Importing a kind needs the permission to create it: managers import assets and licenses, admins also users. */
export const IMPORT_ACTION: Record<ImportKind, Action> = {
  assets: 'asset.create',
  licenses: 'license.manage',
  users: 'user.manage',
};

/** Exporting a kind needs its list procedure's permission, with the same scope (employees: their own). */
export const EXPORT_ACTION: Record<ExportKind, Action> = {
  assets: 'asset.read',
  licenses: 'license.read',
  users: 'user.list',
  assignments: 'assignment.read',
  maintenance: 'maintenance.read',
  events: 'event.list',
};

export type Cell = string | number | boolean | null;

export const ASSET_COLUMNS = [
  'tag',
  'name',
  'model',
  'type',
  'serialNumber',
  'stage',
  'condition',
  'purchaseDate',
  'purchaseCost',
  'warrantyEnd',
  'location',
  'notes',
] as const satisfies readonly (keyof Asset)[];

/** Product keys are never exported (see the README): a spreadsheet would carry them in the clear. */
export const LICENSE_COLUMNS = [
  'name',
  'vendor',
  'seats',
  'purchaseDate',
  'purchaseCost',
  'expiryDate',
  'renewalCost',
  'renewalNotes',
] as const satisfies readonly (keyof License)[];

/** Import only: a product key given here is sealed like the API seals it. */
export const LICENSE_IMPORT_COLUMNS = [...LICENSE_COLUMNS, 'productKey'] as const;

export const USER_COLUMNS = [
  'username',
  'email',
  'role',
  'disabled',
] as const satisfies readonly (keyof User)[];

export const ASSIGNMENT_COLUMNS = [
  'id',
  'assetTag',
  'assetName',
  'username',
  'startedAt',
  'endedAt',
  'expectedReturn',
  'overdue',
  'note',
  'returnNote',
  'returnCondition',
] as const;

export const MAINTENANCE_COLUMNS = [
  'id',
  'assetTag',
  'assetName',
  'type',
  'status',
  'scheduledFor',
  'startedAt',
  'completedAt',
  'details',
  'cost',
  'note',
  'createdAt',
] as const;

export const EVENT_COLUMNS = [
  'id',
  'at',
  'actor',
  'entity',
  'entityId',
  'action',
  'reason',
  'before',
  'after',
] as const;

/** Each export kind with the record its list gives and how that record becomes cells. */
export interface ExportRecords {
  assets: Asset;
  licenses: License;
  users: User;
  assignments: Assignment;
  maintenance: Maintenance;
  events: AuditEvent;
}

export const EXPORT_COLUMNS: { [K in ExportKind]: readonly string[] } = {
  assets: ASSET_COLUMNS,
  licenses: LICENSE_COLUMNS,
  users: USER_COLUMNS,
  assignments: ASSIGNMENT_COLUMNS,
  maintenance: MAINTENANCE_COLUMNS,
  events: EVENT_COLUMNS,
};

export const TO_CELLS: { [K in ExportKind]: (record: ExportRecords[K]) => Cell[] } = {
  assets: (a) => ASSET_COLUMNS.map((c) => a[c]),
  licenses: (l) => LICENSE_COLUMNS.map((c) => l[c]),
  users: (u) => USER_COLUMNS.map((c) => u[c]),
  assignments: (s) => [
    s.id,
    s.asset.tag,
    s.asset.name,
    s.user.username,
    s.startedAt,
    s.endedAt,
    s.expectedReturn,
    s.overdue,
    s.note,
    s.returnNote,
    s.returnCondition,
  ],
  maintenance: (m) => [
    m.id,
    m.asset.tag,
    m.asset.name,
    m.type,
    m.status,
    m.scheduledFor,
    m.startedAt,
    m.completedAt,
    m.details,
    m.cost,
    m.note,
    m.createdAt,
  ],
  events: (e) => [
    e.id,
    e.at,
    e.actor?.username ?? null,
    e.entity,
    e.entityId,
    e.action,
    e.reason,
    e.before ? JSON.stringify(e.before) : null,
    e.after ? JSON.stringify(e.after) : null,
  ],
};
