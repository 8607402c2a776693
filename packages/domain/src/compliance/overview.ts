import { z } from 'zod';
import { ASSET_TYPES, type AssetType, AssetTypeSchema } from '../assets/schemas.ts';
import { ASSET_STAGES, type AssetStage } from '../assets/stages.ts';
import { addDays } from '../dates.ts';
import { MAINTENANCE_TYPES, type MaintenanceType } from '../maintenance/rules.ts';
import { type ComplianceInput, ComplianceReport, computeCompliance } from './report.ts';

/**
 * The staff overview: counts of the inventory, license expiries by month, the busiest licenses'
 * seats, planned maintenance, and the compliance report itself. Its alerts and seat numbers are
 * taken from `computeCompliance` on the same input, so they match `compliance.report` exactly.
 */
export const OVERVIEW_TOP_LICENSES = 8;
/** Planned maintenance shown as "due": from today through this many days ahead. */
export const MAINTENANCE_DUE_DAYS = 14;
export const EXPIRY_MONTHS = 12;

export interface OverviewInput {
  compliance: ComplianceInput;
  /** Asset counts per stage and per type; missing ones are zero. */
  stageCounts: readonly { stage: AssetStage; count: number }[];
  typeCounts: readonly { type: AssetType; count: number }[];
  /** Scheduled maintenance planned from today through MAINTENANCE_DUE_DAYS ahead (a superset is fine). */
  maintenancePlanned: readonly {
    id: string;
    assetId: string;
    assetTag: string;
    type: MaintenanceType;
    scheduledFor: string;
  }[];
}

export const Overview = z.object({
  today: z.string(),
  totalAssets: z.number(),
  stages: z.array(z.object({ stage: z.enum(ASSET_STAGES), count: z.number() })),
  types: z.array(z.object({ type: AssetTypeSchema, count: z.number() })),
  /** One entry per month from this month on ('YYYY-MM'): licenses expiring in it, from today. */
  expiriesByMonth: z.array(z.object({ month: z.string(), count: z.number() })),
  topSeats: ComplianceReport.shape.seats,
  maintenanceDue: z.array(
    z.object({
      maintenanceId: z.string(),
      assetId: z.string(),
      assetTag: z.string(),
      type: z.enum(MAINTENANCE_TYPES),
      scheduledFor: z.string(),
    }),
  ),
  report: ComplianceReport,
});
export type Overview = z.infer<typeof Overview>;

export function computeOverview(input: OverviewInput): Overview {
  const { today } = input.compliance;
  const report = computeCompliance(input.compliance);
  const stages = ASSET_STAGES.map((stage) => ({
    stage,
    count: countOf(input.stageCounts, (r) => r.stage === stage),
  }));
  return {
    today,
    totalAssets: stages.reduce((sum, s) => sum + s.count, 0),
    stages,
    types: ASSET_TYPES.map((type) => ({ type, count: countOf(input.typeCounts, (r) => r.type === type) })),
    expiriesByMonth: expiriesByMonth(today, input.compliance.licenses),
    topSeats: topSeats(report.seats),
    maintenanceDue: maintenanceDue(today, input.maintenancePlanned),
    report,
  };
}

function countOf<T extends { count: number }>(rows: readonly T[], match: (row: T) => boolean): number {
  return rows.filter(match).reduce((sum, r) => sum + r.count, 0);
}

/** 'YYYY-MM' of `today` plus `n` months. */
export function monthOf(today: string, n: number): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)) - 1 + n;
  return `${year + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** Licenses expiring from today on, counted per calendar month for EXPIRY_MONTHS months. */
function expiriesByMonth(today: string, licenses: ComplianceInput['licenses']): Overview['expiriesByMonth'] {
  const months = Array.from({ length: EXPIRY_MONTHS }, (_, n) => ({ month: monthOf(today, n), count: 0 }));
  for (const license of licenses) {
    if (!license.expiryDate || license.expiryDate < today) continue;
    const bucket = months.find((m) => m.month === license.expiryDate?.slice(0, 7));
    if (bucket) bucket.count += 1;
  }
  return months;
}

/** The licenses with the most seats in use (then the fullest, then by name), as the report has them. */
function topSeats(seats: ComplianceReport['seats']): ComplianceReport['seats'] {
  return [...seats]
    .sort((a, b) => b.used - a.used || a.free - b.free || a.name.localeCompare(b.name))
    .slice(0, OVERVIEW_TOP_LICENSES);
}

/** Scheduled from today through MAINTENANCE_DUE_DAYS ahead, soonest first (past dates are alerts). */
function maintenanceDue(
  today: string,
  planned: OverviewInput['maintenancePlanned'],
): Overview['maintenanceDue'] {
  const last = addDays(today, MAINTENANCE_DUE_DAYS);
  return planned
    .filter((m) => m.scheduledFor >= today && m.scheduledFor <= last)
    .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor) || a.assetTag.localeCompare(b.assetTag))
    .map((m) => ({
      maintenanceId: m.id,
      assetId: m.assetId,
      assetTag: m.assetTag,
      type: m.type,
      scheduledFor: m.scheduledFor,
    }));
}
