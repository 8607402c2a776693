import { z } from 'zod';
import { Asset } from '../assets/schemas.ts';
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
