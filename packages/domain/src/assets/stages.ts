/**
 * The hardware lifecycle as data. `TRANSITIONS` is a Record over every stage, so adding a stage
 * without deciding where it may go is a compile error.
 */
export const ASSET_STAGES = [
  'ordered',
  'in_stock',
  'deployed',
  'in_maintenance',
  'retired',
  'disposed',
  'lost',
] as const;

export type AssetStage = (typeof ASSET_STAGES)[number];

export const TRANSITIONS: Record<AssetStage, readonly AssetStage[]> = {
  ordered: ['in_stock', 'lost'],
  in_stock: ['deployed', 'in_maintenance', 'retired', 'lost'],
  deployed: ['in_stock', 'in_maintenance', 'lost'],
  in_maintenance: ['in_stock', 'deployed', 'retired', 'lost'],
  retired: ['in_stock', 'disposed'],
  lost: ['in_stock', 'retired'],
  disposed: [],
};

/** Stages from which an asset can be checked out to a person. */
export const ASSIGNABLE_STAGES = ['in_stock'] as const satisfies readonly AssetStage[];

/** Stages in which an asset is expected to have a holder. */
export const HELD_STAGES = ['deployed'] as const satisfies readonly AssetStage[];

/** Stages an asset may be in while someone holds it (a held laptop can go to repair and back). */
export const HOLDABLE_STAGES = ['deployed', 'in_maintenance'] as const satisfies readonly AssetStage[];

/** Stages an asset may be deleted from (registered by mistake, never handed out). */
export const REMOVABLE_STAGES = ['ordered', 'in_stock'] as const satisfies readonly AssetStage[];

/** Stages with no way out: the asset has left the books for good. */
export const TERMINAL_STAGES = ['disposed'] as const satisfies readonly AssetStage[];

export const STAGE_LABELS: Record<AssetStage, string> = {
  ordered: 'Ordered',
  in_stock: 'In stock',
  deployed: 'Deployed',
  in_maintenance: 'In maintenance',
  retired: 'Retired',
  disposed: 'Disposed',
  lost: 'Lost',
};

export function isStage(value: unknown): value is AssetStage {
  return typeof value === 'string' && (ASSET_STAGES as readonly string[]).includes(value);
}

export function includesStage(group: readonly AssetStage[], stage: AssetStage): boolean {
  return group.includes(stage);
}
