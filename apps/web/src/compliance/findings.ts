import type { ComplianceView } from '../api/trpc.ts';
import { relativeDays } from '../lib/expiry.ts';
import { formatDate } from '../lib/format.ts';

/**
 * The compliance report's alerts as one shape, each linking to what it is about: the compliance
 * page lists them by section, the overview shows them together.
 */
export type AlertSection = Exclude<keyof ComplianceView, 'today' | 'seats'>;

export interface Finding {
  key: string;
  section: AlertSection;
  /** The page of the license or asset it is about. */
  to: string;
  subject: string;
  /** Asset tags are set in a monospace font. */
  tag: boolean;
  facts: readonly { text: string; bad?: boolean; className?: string }[];
  /** Only for `expiring`: the 30/7/1-day window it falls in. */
  window?: number;
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

export function findingsOf(report: ComplianceView): Record<AlertSection, Finding[]> {
  return {
    expiredStillAssigned: report.expiredStillAssigned.map((l) => ({
      key: l.licenseId,
      section: 'expiredStillAssigned',
      to: `/licenses/${l.licenseId}`,
      subject: l.name,
      tag: false,
      facts: [
        { text: `Expired ${formatDate(l.expiryDate)}`, bad: true },
        { text: `${l.used} ${l.used === 1 ? 'seat' : 'seats'} still assigned` },
      ],
    })),
    expiring: report.expiring.map((l) => ({
      key: l.licenseId,
      section: 'expiring',
      to: `/licenses/${l.licenseId}`,
      subject: l.name,
      tag: false,
      window: l.window,
      facts: [
        { text: `Expires ${relativeDays(l.daysLeft)}`, className: `expiring-${l.window}-text` },
        { text: formatDate(l.expiryDate) },
      ],
    })),
    overdueReturns: report.overdueReturns.map((a) => ({
      key: a.assignmentId,
      section: 'overdueReturns',
      to: `/assets/${a.assetId}`,
      subject: a.assetTag,
      tag: true,
      facts: [
        { text: `held by ${a.username}` },
        { text: `${days(a.daysOverdue)} overdue (due ${formatDate(a.expectedReturn)})`, bad: true },
      ],
    })),
    deployedWithoutHolder: report.deployedWithoutHolder.map((a) => ({
      key: a.assetId,
      section: 'deployedWithoutHolder',
      to: `/assets/${a.assetId}`,
      subject: a.tag,
      tag: true,
      facts: [{ text: a.name }],
    })),
    warrantiesEnding: report.warrantiesEnding.map((a) => ({
      key: a.assetId,
      section: 'warrantiesEnding',
      to: `/assets/${a.assetId}`,
      subject: a.tag,
      tag: true,
      facts: [{ text: `Warranty ends ${relativeDays(a.daysLeft)}` }, { text: formatDate(a.warrantyEnd) }],
    })),
    maintenanceOverdue: report.maintenanceOverdue.map((m) => ({
      key: m.maintenanceId,
      section: 'maintenanceOverdue',
      to: `/assets/${m.assetId}#maintenance`,
      subject: m.assetTag,
      tag: true,
      facts: [
        { text: `${days(m.daysOverdue)} overdue (planned for ${formatDate(m.scheduledFor)})`, bad: true },
      ],
    })),
  };
}
