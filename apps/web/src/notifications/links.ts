import type { Notification } from '@itam/domain';

/** Where a notification leads: the page of what it is about. */
export function subjectPath(subject: Notification['subject']): string {
  return subject.type === 'license' ? `/licenses/${subject.id}` : `/assets/${subject.id}`;
}

/** The bell's accessible name, with the count a sighted user reads off the badge. */
export function bellLabel(unread: number): string {
  if (unread === 0) return 'Notifications, none unread';
  return `Notifications, ${unread} unread`;
}

/** What the badge shows: the count, capped so it stays small. */
export function badgeText(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}
