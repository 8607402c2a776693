import { daysBetween, todayUtc } from '@itam/domain';

type Lateness = { overdue: false } | { overdue: true; days: number };

/**
 * Whether something due on `date` is late is the server's answer (`overdue`, decided on the
 * server's calendar day), never this browser's clock, so the badges, the lists' filters, the
 * compliance report and the notifications agree. The count of days is read from the same
 * calendar (UTC) and is at least one while the server says overdue.
 */
function lateness(date: string | null, overdue: boolean, now: Date): Lateness {
  if (!overdue || date === null) return { overdue: false };
  return { overdue: true, days: Math.max(1, daysBetween(date, todayUtc(now))) };
}

/** What an expected return's badge says (the assignment's `overdue`). */
export function returnStatus(
  assignment: { expectedReturn: string | null; overdue: boolean },
  now: Date = new Date(),
): Lateness {
  return lateness(assignment.expectedReturn, assignment.overdue, now);
}

/** What planned maintenance's badge says (the record's `overdue`: scheduled, past its day). */
export function maintenanceStatus(
  record: { scheduledFor: string; overdue: boolean },
  now: Date = new Date(),
): Lateness {
  return lateness(record.scheduledFor, record.overdue, now);
}
