import { type ComplianceInput, computeCompliance, maintenanceDue } from '../compliance/report.ts';
import type { Role } from '../permissions.ts';
import { type NotificationKind, type NotificationSubject, RECIPIENTS } from './kinds.ts';

export interface NotificationInput extends ComplianceInput {
  /** Enabled admins and managers: who receives the staff reminders. */
  staff: readonly { id: string; role: Role }[];
  /** Disabled accounts: told nothing, even about what they still hold. */
  disabledUserIds?: readonly string[];
}

/** One notification for one person. `dedupeKey` is unique per recipient: the job may run any number of times. */
export interface Reminder {
  recipientId: string;
  kind: NotificationKind;
  subject: { type: NotificationSubject; id: string };
  dedupeKey: string;
  title: string;
  body: string;
  payload: Record<string, string | number>;
}

/** A reminder before it is addressed: the text may differ for the holder and for staff. */
interface Due {
  kind: NotificationKind;
  subject: Reminder['subject'];
  dedupeKey: string;
  holderId: string | null;
  payload: Reminder['payload'];
  text: (forHolder: boolean) => { title: string; body: string };
}

const inDays = (n: number) => (n === 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`);
const daysAgo = (n: number) => (n === 0 ? 'today' : n === 1 ? 'yesterday' : `${n} days ago`);

/**
 * Every reminder due on `input.today`, addressed. The findings are the compliance report's
 * (one set of rules); this adds who is told and a key that makes each reminder happen once:
 * a renewal once per window (30, 7, 1 days) and expiry date, the rest once per record and date,
 * so a changed date (a renewed license, a new return date) reminds again.
 */
export function computeReminders(input: NotificationInput): Reminder[] {
  const report = computeCompliance(input);
  const due: Due[] = [
    ...report.expiring.map(
      (l): Due => ({
        kind: 'license_renewal',
        subject: { type: 'license', id: l.licenseId },
        dedupeKey: `license_renewal:${l.licenseId}:${l.expiryDate}:${l.window}d`,
        holderId: null,
        payload: { name: l.name, expiryDate: l.expiryDate, daysLeft: l.daysLeft, window: l.window },
        text: () => ({
          title: `${l.name} expires ${inDays(l.daysLeft)}`,
          body: `The license expires on ${l.expiryDate}. Renew it or plan for its seats.`,
        }),
      }),
    ),
    ...report.expiredStillAssigned.map(
      (l): Due => ({
        kind: 'license_expired_assigned',
        subject: { type: 'license', id: l.licenseId },
        dedupeKey: `license_expired_assigned:${l.licenseId}:${l.expiryDate}`,
        holderId: null,
        payload: { name: l.name, expiryDate: l.expiryDate, used: l.used },
        text: () => ({
          title: `${l.name} expired with ${l.used} ${l.used === 1 ? 'seat' : 'seats'} in use`,
          body: `The license expired on ${l.expiryDate}. Renew it or release its seats.`,
        }),
      }),
    ),
    ...report.overdueReturns.map(
      (a): Due => ({
        kind: 'overdue_return',
        subject: { type: 'asset', id: a.assetId },
        dedupeKey: `overdue_return:${a.assignmentId}:${a.expectedReturn}`,
        holderId: a.userId,
        payload: {
          assetTag: a.assetTag,
          assignmentId: a.assignmentId,
          username: a.username,
          expectedReturn: a.expectedReturn,
          daysOverdue: a.daysOverdue,
        },
        text: (forHolder) => ({
          title: forHolder ? `Please return ${a.assetTag}` : `${a.assetTag} is overdue from ${a.username}`,
          body: `It was due back on ${a.expectedReturn} (${daysAgo(a.daysOverdue)}).`,
        }),
      }),
    ),
    ...report.warrantiesEnding.map(
      (a): Due => ({
        kind: 'warranty_ending',
        subject: { type: 'asset', id: a.assetId },
        dedupeKey: `warranty_ending:${a.assetId}:${a.warrantyEnd}`,
        holderId: null,
        payload: { assetTag: a.tag, warrantyEnd: a.warrantyEnd, daysLeft: a.daysLeft },
        text: () => ({
          title: `The warranty of ${a.tag} ends ${inDays(a.daysLeft)}`,
          body: `It ends on ${a.warrantyEnd}. Report any defect before then.`,
        }),
      }),
    ),
    ...maintenanceDue(input.maintenance, input.today).map(
      (m): Due => ({
        kind: 'maintenance_due',
        subject: { type: 'asset', id: m.assetId },
        dedupeKey: `maintenance_due:${m.maintenanceId}:${m.scheduledFor}`,
        holderId: m.holderId,
        payload: {
          assetTag: m.assetTag,
          maintenanceId: m.maintenanceId,
          scheduledFor: m.scheduledFor,
          daysOverdue: m.daysOverdue,
        },
        text: (forHolder) => ({
          title:
            m.daysOverdue === 0
              ? `Maintenance of ${m.assetTag} is due today`
              : `Maintenance of ${m.assetTag} is ${m.daysOverdue} ${m.daysOverdue === 1 ? 'day' : 'days'} late`,
          body: forHolder
            ? `It was scheduled for ${m.scheduledFor}; IT will ask you for the device.`
            : `It was scheduled for ${m.scheduledFor} and has not started.`,
        }),
      }),
    ),
  ];
  const disabled = new Set(input.disabledUserIds ?? []);
  return due.flatMap((d) => address(d, input.staff)).filter((r) => !disabled.has(r.recipientId));
}

/** The recipients of one reminder, each once (a manager who holds the asset is told once, as its holder). */
function address(due: Due, staff: NotificationInput['staff']): Reminder[] {
  const rule = RECIPIENTS[due.kind];
  const recipients = new Map<string, boolean>();
  if (rule.includes('holder') && due.holderId !== null) recipients.set(due.holderId, true);
  for (const person of staff) {
    if (rule.includes(person.role) && !recipients.has(person.id)) recipients.set(person.id, false);
  }
  return [...recipients].map(([recipientId, forHolder]) => ({
    recipientId,
    kind: due.kind,
    subject: due.subject,
    dedupeKey: due.dedupeKey,
    ...due.text(forHolder),
    payload: due.payload,
  }));
}
