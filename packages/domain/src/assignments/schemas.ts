import { z } from 'zod';
import { AssetConditionSchema } from '../assets/schemas.ts';
import { Cursor, Id, IsoDate, IsoDateTime, Limit, optionalText, PageDirection } from '../common.ts';
import { idempotent } from '../idempotency/keys.ts';

export const CheckOutInput = z.strictObject({
  assetId: Id,
  userId: Id,
  expectedReturn: IsoDate.nullish(),
  note: optionalText(1000),
  ...idempotent,
});
export type CheckOutInput = z.input<typeof CheckOutInput>;

export const BulkCheckOutInput = z.strictObject({
  assetIds: z.array(Id).min(1, 'Pick at least one asset.').max(200),
  userId: Id,
  expectedReturn: IsoDate.nullish(),
  note: optionalText(1000),
  ...idempotent,
});
export type BulkCheckOutInput = z.input<typeof BulkCheckOutInput>;

export const CheckInInput = z.strictObject({
  assetId: Id,
  note: optionalText(1000),
  condition: AssetConditionSchema.optional(),
  ...idempotent,
});
export type CheckInInput = z.input<typeof CheckInInput>;

export const ASSIGNMENT_STATES = ['open', 'overdue', 'closed', 'all'] as const;

export const ListAssignmentsInput = z
  .strictObject({
    userId: Id.optional(),
    assetId: Id.optional(),
    state: z.enum(ASSIGNMENT_STATES).default('open'),
    cursor: Cursor.nullish(),
    direction: PageDirection,
    limit: Limit,
  })
  .default({ state: 'open', limit: 50 });
export type ListAssignmentsInput = z.input<typeof ListAssignmentsInput>;

export const Assignment = z.object({
  id: Id,
  asset: z.object({ id: Id, tag: z.string(), name: z.string() }),
  user: z.object({ id: Id, username: z.string() }),
  startedAt: IsoDateTime,
  endedAt: IsoDateTime.nullable(),
  expectedReturn: IsoDate.nullable(),
  note: z.string().nullable(),
  returnNote: z.string().nullable(),
  returnCondition: AssetConditionSchema.nullable(),
  overdue: z.boolean(),
});
export type Assignment = z.infer<typeof Assignment>;
