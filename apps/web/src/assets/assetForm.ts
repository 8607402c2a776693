import {
  type AssetCondition,
  AssetPatch,
  type AssetType,
  CreateAssetInput,
  type INITIAL_STAGES,
} from '@itam/domain';
import type { AssetView } from '../api/trpc.ts';
import { issuesByField } from '../components/Field.tsx';
import { parseMoney } from '../lib/format.ts';

/** What the asset form holds: every field as the text the person typed. */
export interface AssetFormValues {
  tag: string;
  name: string;
  type: AssetType;
  model: string;
  serialNumber: string;
  condition: AssetCondition;
  stage: (typeof INITIAL_STAGES)[number];
  purchaseDate: string;
  purchaseCost: string;
  warrantyEnd: string;
  location: string;
  notes: string;
}

export type AssetField = keyof AssetFormValues;

export const EMPTY_ASSET: AssetFormValues = {
  tag: '',
  name: '',
  type: 'laptop',
  model: '',
  serialNumber: '',
  condition: 'new',
  stage: 'in_stock',
  purchaseDate: '',
  purchaseCost: '',
  warrantyEnd: '',
  location: '',
  notes: '',
};

export function valuesFromAsset(asset: AssetView): AssetFormValues {
  return {
    tag: asset.tag,
    name: asset.name,
    type: asset.type,
    model: asset.model ?? '',
    serialNumber: asset.serialNumber ?? '',
    condition: asset.condition,
    stage: 'in_stock',
    purchaseDate: asset.purchaseDate ?? '',
    purchaseCost: asset.purchaseCost === null ? '' : String(asset.purchaseCost),
    warrantyEnd: asset.warrantyEnd ?? '',
    location: asset.location ?? '',
    notes: asset.notes ?? '',
  };
}

type Result<T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<AssetField, string>> };

const orNull = (s: string) => (s.trim() === '' ? null : s);

function fieldsOf(values: AssetFormValues) {
  return {
    tag: values.tag,
    name: values.name,
    type: values.type,
    model: values.model,
    serialNumber: values.serialNumber,
    condition: values.condition,
    purchaseDate: orNull(values.purchaseDate),
    warrantyEnd: orNull(values.warrantyEnd),
    location: values.location,
    notes: values.notes,
  };
}

const COST_INVALID = { purchaseCost: 'Enter the cost as a number, like 1299.99.' };

/** The create input, checked by the domain's CreateAssetInput. */
export function toCreateInput(values: AssetFormValues): Result<CreateAssetInput> {
  const cost = parseMoney(values.purchaseCost);
  if (cost === 'invalid') return { ok: false, errors: COST_INVALID };
  const input: CreateAssetInput = { ...fieldsOf(values), stage: values.stage, purchaseCost: cost };
  const parsed = CreateAssetInput.safeParse(input);
  return parsed.success
    ? { ok: true, value: input }
    : { ok: false, errors: issuesByField(parsed.error.issues) };
}

/**
 * The patch: only the fields that changed, so an edit never overwrites what someone else changed
 * meanwhile in another field. Checked by the domain's AssetPatch, and the warranty rule too.
 */
export function toPatch(original: AssetView, values: AssetFormValues): Result<AssetPatch> {
  const cost = parseMoney(values.purchaseCost);
  if (cost === 'invalid') return { ok: false, errors: COST_INVALID };
  const next = { ...fieldsOf(values), purchaseCost: cost };
  const patch: Record<string, unknown> = {};
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  if (next.tag.trim() !== original.tag) patch.tag = next.tag;
  if (next.name.trim() !== original.name) patch.name = next.name;
  if (next.type !== original.type) patch.type = next.type;
  if (next.condition !== original.condition) patch.condition = next.condition;
  for (const key of ['model', 'serialNumber', 'location', 'notes'] as const) {
    if (text(next[key]) !== original[key]) patch[key] = next[key];
  }
  if (next.purchaseDate !== original.purchaseDate) patch.purchaseDate = next.purchaseDate;
  if (next.warrantyEnd !== original.warrantyEnd) patch.warrantyEnd = next.warrantyEnd;
  if (next.purchaseCost !== original.purchaseCost) patch.purchaseCost = next.purchaseCost;

  const parsed = AssetPatch.safeParse(patch);
  if (!parsed.success) return { ok: false, errors: issuesByField(parsed.error.issues) };
  if (next.purchaseDate && next.warrantyEnd && next.warrantyEnd < next.purchaseDate) {
    return { ok: false, errors: { warrantyEnd: 'The warranty cannot end before the purchase date.' } };
  }
  return { ok: true, value: patch as AssetPatch };
}
