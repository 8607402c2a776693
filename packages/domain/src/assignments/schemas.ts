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

/**
 * The list's sorts: when it was checked out, when it is due back, when it came back. A missing
 * date (no expected return, not returned yet) counts as later than every date: last going up,
 * first going down. Ties are broken by the assignment's sequence number, in the same direction.
 */
export const ASSIGNMENT_SORTS = ['checkedOut', 'expectedReturn', 'returned'] as const;
export type AssignmentSort = (typeof ASSIGNMENT_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The order a sort takes when none is sent: latest check-outs and returns first, soonest due first. */
export const DEFAULT_ASSIGNMENT_ORDER = {
  checkedOut: 'desc',
  expectedReturn: 'asc',
  returned: 'desc',
} as const satisfies Record<AssignmentSort, SortOrder>;

export const ListAssignmentsInput = z
  .strictObject({
    userId: Id.optional(),
    assetId: Id.optional(),
    state: z.enum(ASSIGNMENT_STATES).default('open'),
    /** Part of the asset's tag, name, serial number or model, or of the holder's username or email. */
    q: z.string().trim().max(200).optional(),
    sort: z.enum(ASSIGNMENT_SORTS).default('checkedOut'),
    /** Without it, the sort's own default (`DEFAULT_ASSIGNMENT_ORDER`). */
    order: z.enum(SORT_ORDERS).optional(),
    cursor: Cursor.nullish(),
    direction: PageDirection,
    limit: Limit,
  })
  .default({ state: 'open', sort: 'checkedOut', limit: 50 });
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
