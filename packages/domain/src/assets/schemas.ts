import { z } from 'zod';
import { Cursor, Id, IsoDate, IsoDateTime, Limit, Money, optionalText, PageDirection } from '../common.ts';
import { idempotent } from '../idempotency/keys.ts';
import { ASSET_STAGES } from './stages.ts';

export const ASSET_TYPES = [
  'laptop',
  'desktop',
  'monitor',
  'phone',
  'tablet',
  'server',
  'network',
  'printer',
  'peripheral',
  'other',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const ASSET_CONDITIONS = ['new', 'good', 'fair', 'poor', 'broken'] as const;
export type AssetCondition = (typeof ASSET_CONDITIONS)[number];

/** Stages a newly registered asset may start in. */
export const INITIAL_STAGES = ['ordered', 'in_stock'] as const;

export const AssetStageSchema = z.enum(ASSET_STAGES);
export const AssetTypeSchema = z.enum(ASSET_TYPES);
export const AssetConditionSchema = z.enum(ASSET_CONDITIONS);

export const AssetTag = z
  .string()
  .trim()
  .min(1, 'The asset tag is required.')
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'Use letters, digits, and . _ / - in the asset tag.');

const assetFields = {
  tag: AssetTag,
  name: z.string().trim().min(1, 'The name is required.').max(200),
  model: optionalText(200),
  type: AssetTypeSchema,
  serialNumber: optionalText(200),
  condition: AssetConditionSchema,
  purchaseDate: IsoDate.nullable().optional(),
  purchaseCost: Money.nullable().optional(),
  warrantyEnd: IsoDate.nullable().optional(),
  location: optionalText(200),
  notes: optionalText(5000),
};

export const CreateAssetInput = z
  .strictObject({
    ...assetFields,
    condition: AssetConditionSchema.default('new'),
    stage: z.enum(INITIAL_STAGES).default('in_stock'),
    ...idempotent,
  })
  .refine((a) => !a.purchaseDate || !a.warrantyEnd || a.warrantyEnd >= a.purchaseDate, {
    message: 'The warranty cannot end before the purchase date.',
    path: ['warrantyEnd'],
  });
export type CreateAssetInput = z.input<typeof CreateAssetInput>;

/**
 * One row of an asset import: the create fields, in any stage (an inventory moved from another
 * system has retired and lost assets too). Whether the stage may be imported is the domain's
 * `decideImportedStage`, since a held stage needs a check-out.
 */
export const ImportAssetInput = z
  .strictObject({
    ...assetFields,
    condition: AssetConditionSchema.default('new'),
    stage: AssetStageSchema.default('in_stock'),
  })
  .refine((a) => !a.purchaseDate || !a.warrantyEnd || a.warrantyEnd >= a.purchaseDate, {
    message: 'The warranty cannot end before the purchase date.',
    path: ['warrantyEnd'],
  });
export type ImportAssetInput = z.output<typeof ImportAssetInput>;

export const AssetPatch = z.strictObject({
  tag: assetFields.tag.optional(),
  name: assetFields.name.optional(),
  model: assetFields.model,
  type: assetFields.type.optional(),
  serialNumber: assetFields.serialNumber,
  condition: assetFields.condition.optional(),
  purchaseDate: assetFields.purchaseDate,
  purchaseCost: assetFields.purchaseCost,
  warrantyEnd: assetFields.warrantyEnd,
  location: assetFields.location,
  notes: assetFields.notes,
});
export type AssetPatch = z.infer<typeof AssetPatch>;

export const UpdateAssetInput = z.strictObject({ id: Id, patch: AssetPatch, ...idempotent });
export type UpdateAssetInput = z.input<typeof UpdateAssetInput>;

export const TransitionAssetInput = z.strictObject({
  id: Id,
  to: AssetStageSchema,
  reason: z.string().trim().min(1, 'Say why the asset moves.').max(500),
  ...idempotent,
});
export type TransitionAssetInput = z.input<typeof TransitionAssetInput>;

/** Deletes an asset registered by mistake. */
export const RemoveAssetInput = z.strictObject({ id: Id, ...idempotent });

export const ASSET_SORTS = ['created', 'tag', 'name'] as const;

export const ListAssetsInput = z
  .strictObject({
    stage: z.array(AssetStageSchema).max(ASSET_STAGES.length).optional(),
    type: z.array(AssetTypeSchema).max(ASSET_TYPES.length).optional(),
    holderId: Id.optional(),
    q: z.string().trim().max(200).optional(),
    sort: z.enum(ASSET_SORTS).default('created'),
    cursor: Cursor.nullish(),
    direction: PageDirection,
    limit: Limit,
  })
  .default({ sort: 'created', limit: 50 });
export type ListAssetsInput = z.input<typeof ListAssetsInput>;

export const AssetHolder = z.object({ id: Id, username: z.string(), email: z.string() });

/** The asset as every client sees it. Output schema of the API: nothing else leaves the server. */
export const Asset = z.object({
  id: Id,
  tag: z.string(),
  name: z.string(),
  model: z.string().nullable(),
  type: AssetTypeSchema,
  serialNumber: z.string().nullable(),
  stage: AssetStageSchema,
  condition: AssetConditionSchema,
  holder: AssetHolder.nullable(),
  purchaseDate: IsoDate.nullable(),
  purchaseCost: z.number().nullable(),
  warrantyEnd: IsoDate.nullable(),
  location: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Asset = z.infer<typeof Asset>;
