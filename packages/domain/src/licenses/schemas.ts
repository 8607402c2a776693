import { z } from 'zod';
import { Cursor, Id, IsoDate, IsoDateTime, Limit, Money, optionalText, PageDirection } from '../common.ts';
import { idempotent } from '../idempotency/keys.ts';

const Seats = z
  .number()
  .int('Seats are whole numbers.')
  .min(1, 'A license has at least one seat.')
  .max(1_000_000);

const licenseFields = {
  name: z.string().trim().min(1, 'The software name is required.').max(200),
  vendor: optionalText(200),
  productKey: optionalText(2000),
  seats: Seats,
  purchaseDate: IsoDate.nullish(),
  purchaseCost: Money.nullish(),
  expiryDate: IsoDate.nullish(),
  renewalCost: Money.nullish(),
  renewalNotes: optionalText(5000),
};

export const CreateLicenseInput = z.strictObject({
  ...licenseFields,
  seats: Seats.default(1),
  ...idempotent,
});
export type CreateLicenseInput = z.input<typeof CreateLicenseInput>;

export const LicensePatch = z.strictObject({
  name: licenseFields.name.optional(),
  vendor: licenseFields.vendor,
  productKey: licenseFields.productKey,
  seats: Seats.optional(),
  purchaseDate: licenseFields.purchaseDate,
  purchaseCost: licenseFields.purchaseCost,
  expiryDate: licenseFields.expiryDate,
  renewalCost: licenseFields.renewalCost,
  renewalNotes: licenseFields.renewalNotes,
});
export type LicensePatch = z.infer<typeof LicensePatch>;
export const UpdateLicenseInput = z.strictObject({ id: Id, patch: LicensePatch, ...idempotent });
/** Deletes a license that never had a seat. */
export const RemoveLicenseInput = z.strictObject({ id: Id, ...idempotent });

export const AssignSeatInput = z.strictObject({
  licenseId: Id,
  userId: Id,
  assetId: Id.nullish(),
  ...idempotent,
});
export const AssignSeatsInput = z.strictObject({
  licenseId: Id,
  userIds: z.array(Id).min(1, 'Pick at least one person.').max(500),
  ...idempotent,
});
export const ReleaseSeatInput = z.strictObject({ licenseId: Id, userId: Id, ...idempotent });

/** `name`: A to Z; `expiry`: soonest expiry first, licenses that never expire last. */
export const LICENSE_SORTS = ['name', 'expiry'] as const;
export type LicenseSort = (typeof LICENSE_SORTS)[number];

export const ListLicensesInput = z
  .strictObject({
    q: z.string().trim().max(200).optional(),
    expiringWithinDays: z.number().int().min(0).max(3650).optional(),
    sort: z.enum(LICENSE_SORTS).default('name'),
    cursor: Cursor.nullish(),
    direction: PageDirection,
    limit: Limit,
  })
  .default({ sort: 'name', limit: 50 });
export type ListLicensesInput = z.input<typeof ListLicensesInput>;

/** A license as everyone may see it: never the product key. */
export const License = z.object({
  id: Id,
  name: z.string(),
  vendor: z.string().nullable(),
  seats: z.number(),
  seatsUsed: z.number(),
  purchaseDate: IsoDate.nullable(),
  purchaseCost: z.number().nullable(),
  expiryDate: IsoDate.nullable(),
  renewalCost: z.number().nullable(),
  renewalNotes: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type License = z.infer<typeof License>;

/** What staff see: the license with its product key. */
export const LicenseWithKey = License.extend({ productKey: z.string().nullable() });
export type LicenseWithKey = z.infer<typeof LicenseWithKey>;

export const Seat = z.object({
  id: Id,
  licenseId: Id,
  user: z.object({ id: Id, username: z.string() }),
  asset: z.object({ id: Id, tag: z.string() }).nullable(),
  assignedAt: IsoDateTime,
});
export type Seat = z.infer<typeof Seat>;
