import { z } from 'zod';
import { Cursor, Id, IsoDate, IsoDateTime, Limit, Money, optionalText, PageDirection } from '../common.ts';
import { idempotent } from '../idempotency/keys.ts';
import { MAINTENANCE_STATUSES, MAINTENANCE_TYPES } from './rules.ts';

const Cost = Money.nullish();

export const ScheduleMaintenanceInput = z.strictObject({
  assetId: Id,
  scheduledFor: IsoDate,
  type: z.enum(MAINTENANCE_TYPES),
  details: z.string().trim().min(1, 'Describe the work.').max(5000),
  cost: Cost,
  ...idempotent,
});
export type ScheduleMaintenanceInput = z.input<typeof ScheduleMaintenanceInput>;

export const MaintenanceActionInput = z.strictObject({ id: Id, note: optionalText(1000), ...idempotent });
export const CompleteMaintenanceInput = z.strictObject({
  id: Id,
  note: optionalText(1000),
  cost: Cost,
  ...idempotent,
});

/** `recent`: newest record first; `scheduled`: by scheduled date, earliest first. */
export const MAINTENANCE_SORTS = ['recent', 'scheduled'] as const;
export type MaintenanceSort = (typeof MAINTENANCE_SORTS)[number];

export const ListMaintenanceInput = z
  .strictObject({
    assetId: Id.optional(),
    status: z.array(z.enum(MAINTENANCE_STATUSES)).max(MAINTENANCE_STATUSES.length).optional(),
    type: z.array(z.enum(MAINTENANCE_TYPES)).max(MAINTENANCE_TYPES.length).optional(),
    overdue: z.boolean().optional(),
    /** Words of the record (details, note) or of its asset (tag, name, serial number, model). */
    q: z.string().trim().max(200).optional(),
    sort: z.enum(MAINTENANCE_SORTS).default('recent'),
    cursor: Cursor.nullish(),
    direction: PageDirection,
    limit: Limit,
  })
  .default({ sort: 'recent', limit: 50 });
export type ListMaintenanceInput = z.input<typeof ListMaintenanceInput>;

export const Maintenance = z.object({
  id: Id,
  asset: z.object({ id: Id, tag: z.string(), name: z.string() }),
  type: z.enum(MAINTENANCE_TYPES),
  status: z.enum(MAINTENANCE_STATUSES),
  scheduledFor: IsoDate,
  startedAt: IsoDateTime.nullable(),
  completedAt: IsoDateTime.nullable(),
  details: z.string(),
  cost: z.number().nullable(),
  note: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type Maintenance = z.infer<typeof Maintenance>;
