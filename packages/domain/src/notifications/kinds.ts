import type { Role } from '../permissions.ts';

/** What the notification job reminds people of. */
export const NOTIFICATION_KINDS = [
  'license_renewal',
  'license_expired_assigned',
  'overdue_return',
  'warranty_ending',
  'maintenance_due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification is about, and so where it links to. */
export const NOTIFICATION_SUBJECTS = ['license', 'asset'] as const;
export type NotificationSubject = (typeof NOTIFICATION_SUBJECTS)[number];

/** `holder`: the person who holds the asset the reminder is about. */
export type Recipient = Role | 'holder';

/**
 * Who gets what, as data. Renewals, expired licenses and warranties are IT staff's business;
 * a late return or a due maintenance also concerns the person who has the device.
 */
export const RECIPIENTS: Record<NotificationKind, readonly Recipient[]> = {
  license_renewal: ['admin', 'manager'],
  license_expired_assigned: ['admin', 'manager'],
  overdue_return: ['holder', 'admin', 'manager'],
  warranty_ending: ['admin', 'manager'],
  maintenance_due: ['holder', 'admin', 'manager'],
};
