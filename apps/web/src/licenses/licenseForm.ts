import { CreateLicenseInput, LicensePatch } from '@itam/domain';
import type { LicenseView } from '../api/trpc.ts';
import { issuesByField } from '../components/Field.tsx';
import { parseMoney } from '../lib/format.ts';

/** What the license form holds: every field as the text the person typed. */
export interface LicenseFormValues {
  name: string;
  vendor: string;
  productKey: string;
  seats: string;
  purchaseDate: string;
  purchaseCost: string;
  expiryDate: string;
  renewalCost: string;
  renewalNotes: string;
}

export type LicenseField = keyof LicenseFormValues;
export type LicenseErrors = Partial<Record<LicenseField, string>>;

export const LICENSE_FIELDS: LicenseField[] = [
  'name',
  'vendor',
  'productKey',
  'seats',
  'purchaseDate',
  'purchaseCost',
  'expiryDate',
  'renewalCost',
  'renewalNotes',
];

export const EMPTY_LICENSE: LicenseFormValues = {
  name: '',
  vendor: '',
  productKey: '',
  seats: '1',
  purchaseDate: '',
  purchaseCost: '',
  expiryDate: '',
  renewalCost: '',
  renewalNotes: '',
};

const money = (n: number | null) => (n === null ? '' : String(n));

/** The form for an existing license; the key only when the caller may see it (staff). */
export function valuesFromLicense(license: LicenseView): LicenseFormValues {
  return {
    name: license.name,
    vendor: license.vendor ?? '',
    productKey: 'productKey' in license ? (license.productKey ?? '') : '',
    seats: String(license.seats),
    purchaseDate: license.purchaseDate ?? '',
    purchaseCost: money(license.purchaseCost),
    expiryDate: license.expiryDate ?? '',
    renewalCost: money(license.renewalCost),
    renewalNotes: license.renewalNotes ?? '',
  };
}

type Result<T> = { ok: true; value: T } | { ok: false; errors: LicenseErrors };

const orNull = (s: string) => (s.trim() === '' ? null : s);

/** The typed-in values as the API's fields, or the boxes that hold no number. */
function fieldsOf(values: LicenseFormValues): Result<Required<Omit<CreateLicenseInput, 'idempotencyKey'>>> {
  const errors: LicenseErrors = {};
  const seatsText = values.seats.trim();
  const seats = /^-?\d+(\.\d+)?$/.test(seatsText) ? Number(seatsText) : Number.NaN;
  if (Number.isNaN(seats)) errors.seats = 'Enter the number of seats, like 10.';
  const purchaseCost = parseMoney(values.purchaseCost);
  if (purchaseCost === 'invalid') errors.purchaseCost = 'Enter the cost as a number, like 1299.99.';
  const renewalCost = parseMoney(values.renewalCost);
  if (renewalCost === 'invalid') errors.renewalCost = 'Enter the cost as a number, like 1299.99.';
  if (Object.keys(errors).length > 0 || purchaseCost === 'invalid' || renewalCost === 'invalid') {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      name: values.name,
      vendor: values.vendor,
      productKey: values.productKey,
      seats,
      purchaseDate: orNull(values.purchaseDate),
      purchaseCost,
      expiryDate: orNull(values.expiryDate),
      renewalCost,
      renewalNotes: values.renewalNotes,
    },
  };
}

function dateRule(values: { purchaseDate?: string | null; expiryDate?: string | null }): LicenseErrors {
  const { purchaseDate, expiryDate } = values;
  return purchaseDate && expiryDate && expiryDate < purchaseDate
    ? { expiryDate: 'The license cannot expire before it was bought.' }
    : {};
}

/** The create input, checked by the domain's CreateLicenseInput. */
export function toCreateLicense(values: LicenseFormValues): Result<CreateLicenseInput> {
  const fields = fieldsOf(values);
  if (!fields.ok) return fields;
  const parsed = CreateLicenseInput.safeParse(fields.value);
  if (!parsed.success) return { ok: false, errors: issuesByField(parsed.error.issues) };
  const dates = dateRule(fields.value);
  if (Object.keys(dates).length > 0) return { ok: false, errors: dates };
  return { ok: true, value: fields.value };
}

/**
 * The patch: only the fields that changed, so an edit never overwrites what someone else changed
 * meanwhile in another field. Checked by the domain's LicensePatch.
 */
export function toLicensePatch(original: LicenseView, values: LicenseFormValues): Result<LicensePatch> {
  const fields = fieldsOf(values);
  if (!fields.ok) return fields;
  const next = fields.value;
  const before = valuesFromLicense(original);
  const text = (v: string | null | undefined) => (v ?? '').trim();
  const patch: Record<string, unknown> = {};
  if (text(next.name) !== original.name) patch.name = next.name;
  for (const key of ['vendor', 'productKey', 'renewalNotes'] as const) {
    if (text(next[key]) !== text(before[key])) patch[key] = next[key];
  }
  if (next.seats !== original.seats) patch.seats = next.seats;
  for (const key of ['purchaseDate', 'expiryDate', 'purchaseCost', 'renewalCost'] as const) {
    if (next[key] !== original[key]) patch[key] = next[key];
  }
  const parsed = LicensePatch.safeParse(patch);
  if (!parsed.success) return { ok: false, errors: issuesByField(parsed.error.issues) };
  const dates = dateRule(next);
  if (Object.keys(dates).length > 0) return { ok: false, errors: dates };
  return { ok: true, value: patch as LicensePatch };
}
