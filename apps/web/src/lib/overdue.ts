import { daysBetween, todayUtc } from '@itam/domain';

/**
 * What an expected return's badge says. Whether it is overdue is the server's answer (the
 * assignment's `overdue`, decided on the server's calendar day), never this browser's clock, so
 * the badge, the Assignments filter and the overdue notifications agree. The count of days is
 * read from the same calendar (UTC) and is at least one while the server says overdue.
 */
export function returnStatus(
  assignment: { expectedReturn: string | null; overdue: boolean },
  now: Date = new Date(),
): { overdue: false } | { overdue: true; days: number } {
  if (!assignment.overdue || assignment.expectedReturn === null) return { overdue: false };
  return { overdue: true, days: Math.max(1, daysBetween(assignment.expectedReturn, todayUtc(now))) };
}
