import { z } from 'zod';
import { Asset } from '../assets/schemas.ts';
import { daysBetween } from '../dates.ts';
import { isExpired } from '../licenses/rules.ts';
import { License, LicenseWithKey } from '../licenses/schemas.ts';
import type { MaintenanceStatus } from '../maintenance/rules.ts';
import { Maintenance } from '../maintenance/schemas.ts';

/**
 * What a day of the calendar says about one record, decided where the compliance report decides
 * it: on the server's calendar day (`todayUtc()`), never a browser's clock. The dashboard shows
 * these answers, so its badges, the report and the reminders agree. Dates are 'YYYY-MM-DD'.
 */

/**
 * Whether a warranty has ended on `today`: from the day after its last day. On its last day it is
 * still running (the report lists it among the warranties ending, with 0 days left).
 */
export function hasWarrantyEnded(warrantyEnd: string | null, today: string): boolean {
  return warrantyEnd !== null && warrantyEnd < today;
}

/**
 * Whether planned maintenance is overdue on `today`: still scheduled (not started) after its day.
 * On the day itself it is due, not late (the report's `daysOverdue` is 0 and it is not listed).
 */
export function isMaintenanceOverdue(
  record: { status: MaintenanceStatus; scheduledFor: string },
  today: string,
): boolean {
  return record.status === 'scheduled' && record.scheduledFor < today;
}

/** An asset as its page shows it: with whether its warranty has ended (`hasWarrantyEnded`). */
export const AssetDetail = Asset.extend({ warrantyEnded: z.boolean() });
export type AssetDetail = z.infer<typeof AssetDetail>;

export function assetDetail(asset: Asset, today: string): AssetDetail {
  return { ...asset, warrantyEnded: hasWarrantyEnded(asset.warrantyEnd, today) };
}

/** A maintenance record as lists show it: with whether it is overdue (`isMaintenanceOverdue`). */
export const ListedMaintenance = Maintenance.extend({ overdue: z.boolean() });
export type ListedMaintenance = z.infer<typeof ListedMaintenance>;

/**
 * Where a license stands against its expiry date on `today`, as the report reads it: `expired`
 * from the day after its last day (`isExpired`: the report's "expired, still assigned"), and
 * `daysUntilExpiry` (the report's `daysLeft`: 0 on its last day, negative once expired, null when
 * it never expires), from which its expiring window follows (`expiryWindowOf`).
 */
export function licenseStanding(
  expiryDate: string | null,
  today: string,
): { expired: boolean; daysUntilExpiry: number | null } {
  return {
    expired: isExpired(expiryDate, today),
    daysUntilExpiry: expiryDate === null ? null : daysBetween(today, expiryDate),
  };
}

const standing = { expired: z.boolean(), daysUntilExpiry: z.number().int().nullable() };

/** A license as the dashboard shows it: with where it stands against its expiry (`licenseStanding`). */
export const LicenseDetail = License.extend(standing);
export type LicenseDetail = z.infer<typeof LicenseDetail>;
/** The same, for staff: with the product key. */
export const LicenseDetailWithKey = LicenseWithKey.extend(standing);
export type LicenseDetailWithKey = z.infer<typeof LicenseDetailWithKey>;

export function licenseDetail<L extends License>(license: L, today: string): L & LicenseDetail {
  return { ...license, ...licenseStanding(license.expiryDate, today) };
}
