import { z } from 'zod';
import { type AssetStage, HELD_STAGES, includesStage } from '../assets/stages.ts';
import { daysBetween } from '../dates.ts';
import { isExpired } from '../licenses/rules.ts';
import { hasWarrantyEnded, isMaintenanceOverdue } from './verdicts.ts';

/** Windows for "expiring soon", most urgent first: a license is listed under the smallest that fits. */
export const EXPIRY_WINDOWS = [1, 7, 30] as const;
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];
export const WARRANTY_WINDOW_DAYS = 30;

/**
 * The smallest window a license `daysLeft` days from its expiry falls in (0: its last day), or
 * `undefined` once it has expired (negative) or while its expiry is further off than every window.
 */
export function expiryWindowOf(daysLeft: number): ExpiryWindow | undefined {
  return EXPIRY_WINDOWS.find((w) => daysLeft >= 0 && daysLeft <= w);
}

export interface ComplianceInput {
  /** 'YYYY-MM-DD', the day the report is for. */
  today: string;
  licenses: readonly { id: string; name: string; seats: number; used: number; expiryDate: string | null }[];
  assets: readonly {
    id: string;
    tag: string;
    name: string;
    stage: AssetStage;
    holderId: string | null;
    warrantyEnd: string | null;
  }[];
  /** Open assignments. */
  assignments: readonly {
    id: string;
    assetId: string;
    assetTag: string;
    userId: string;
    username: string;
    expectedReturn: string | null;
  }[];
  /** Maintenance not yet completed or cancelled. */
  maintenance: readonly {
    id: string;
    assetId: string;
    assetTag: string;
    scheduledFor: string;
    status: 'scheduled' | 'in_progress';
    /** Who holds the asset, when the loader knows (notifications remind the holder too). */
    holderId?: string | null;
  }[];
}

export const ComplianceReport = z.object({
  today: z.string(),
  seats: z.array(
    z.object({
      licenseId: z.string(),
      name: z.string(),
      used: z.number(),
      owned: z.number(),
      free: z.number(),
    }),
  ),
  expiredStillAssigned: z.array(
    z.object({ licenseId: z.string(), name: z.string(), expiryDate: z.string(), used: z.number() }),
  ),
  expiring: z.array(
    z.object({
      licenseId: z.string(),
      name: z.string(),
      expiryDate: z.string(),
      daysLeft: z.number(),
      window: z.union([z.literal(1), z.literal(7), z.literal(30)]),
    }),
  ),
  overdueReturns: z.array(
    z.object({
      assignmentId: z.string(),
      assetId: z.string(),
      assetTag: z.string(),
      userId: z.string(),
      username: z.string(),
      expectedReturn: z.string(),
      daysOverdue: z.number(),
    }),
  ),
  deployedWithoutHolder: z.array(z.object({ assetId: z.string(), tag: z.string(), name: z.string() })),
  warrantiesEnding: z.array(
    z.object({ assetId: z.string(), tag: z.string(), warrantyEnd: z.string(), daysLeft: z.number() }),
  ),
  maintenanceOverdue: z.array(
    z.object({
      maintenanceId: z.string(),
      assetId: z.string(),
      assetTag: z.string(),
      scheduledFor: z.string(),
      daysOverdue: z.number(),
    }),
  ),
});
export type ComplianceReport = z.infer<typeof ComplianceReport>;

/** Computes every compliance finding from loaded data. Pure: same input, same report. */
export function computeCompliance(input: ComplianceInput): ComplianceReport {
  const { today } = input;
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

  const seats = input.licenses
    .map((l) => ({ licenseId: l.id, name: l.name, used: l.used, owned: l.seats, free: l.seats - l.used }))
    .sort(byName);

  const expiredStillAssigned = input.licenses
    .filter((l) => l.used > 0 && isExpired(l.expiryDate, today))
    .map((l) => ({ licenseId: l.id, name: l.name, expiryDate: l.expiryDate!, used: l.used }))
    .sort(byName);

  const expiring = input.licenses.flatMap((l) => {
    if (l.expiryDate === null) return [];
    const daysLeft = daysBetween(today, l.expiryDate);
    const window = expiryWindowOf(daysLeft);
    return window === undefined
      ? []
      : [{ licenseId: l.id, name: l.name, expiryDate: l.expiryDate, daysLeft, window }];
  });
  expiring.sort((a, b) => a.daysLeft - b.daysLeft || a.name.localeCompare(b.name));

  const overdueReturns = input.assignments
    .filter((a) => a.expectedReturn !== null && a.expectedReturn < today)
    .map((a) => ({
      assignmentId: a.id,
      assetId: a.assetId,
      assetTag: a.assetTag,
      userId: a.userId,
      username: a.username,
      expectedReturn: a.expectedReturn!,
      daysOverdue: daysBetween(a.expectedReturn!, today),
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.assetTag.localeCompare(b.assetTag));

  const deployedWithoutHolder = input.assets
    .filter((a) => includesStage(HELD_STAGES, a.stage) && a.holderId === null)
    .map((a) => ({ assetId: a.id, tag: a.tag, name: a.name }))
    .sort((a, b) => a.tag.localeCompare(b.tag));

  const warrantiesEnding = input.assets
    .filter(
      (a) => a.stage !== 'disposed' && a.warrantyEnd !== null && !hasWarrantyEnded(a.warrantyEnd, today),
    )
    .map((a) => ({
      assetId: a.id,
      tag: a.tag,
      warrantyEnd: a.warrantyEnd!,
      daysLeft: daysBetween(today, a.warrantyEnd!),
    }))
    .filter((a) => a.daysLeft <= WARRANTY_WINDOW_DAYS)
    .sort((a, b) => a.daysLeft - b.daysLeft || a.tag.localeCompare(b.tag));

  const maintenanceOverdue = maintenanceDue(
    input.maintenance.filter((m) => isMaintenanceOverdue(m, today)),
    today,
  )
    .map(({ holderId: _holderId, ...m }) => m)
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.assetTag.localeCompare(b.assetTag));

  return {
    today,
    seats,
    expiredStillAssigned,
    expiring,
    overdueReturns,
    deployedWithoutHolder,
    warrantiesEnding,
    maintenanceOverdue,
  };
}

/**
 * Scheduled maintenance (not started) due today or earlier, with the days it is late (0: due
 * today). The compliance report lists the late ones; reminders go out from the day it is due.
 */
export function maintenanceDue(maintenance: ComplianceInput['maintenance'], today: string) {
  return maintenance
    .filter((m) => m.status === 'scheduled' && m.scheduledFor <= today)
    .map((m) => ({
      maintenanceId: m.id,
      assetId: m.assetId,
      assetTag: m.assetTag,
      scheduledFor: m.scheduledFor,
      daysOverdue: daysBetween(m.scheduledFor, today),
      holderId: m.holderId ?? null,
    }));
}
