/**
 * What happens after a delivery attempt: done, another try after an exponential backoff with
 * jitter, or given up. Pure: the caller passes the randomness, so the schedule is testable.
 */
export interface RetryPolicy {
  /** Attempts per round (a redelivery starts a new round). */
  maxAttempts: number;
  /** The first retry waits about this long; each later one about twice the one before. */
  backoffBaseMs: number;
}

/** No wait grows beyond an hour, however many attempts are allowed. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * The wait before attempt `attempt + 1`, after `attempt` failed: `base · 2^(attempt-1)`, capped,
 * then scaled into [50 %, 100 %] by `random` ("equal jitter"), so receivers that fail together
 * are not retried together, yet the wait never drops below half the schedule.
 */
export function retryDelayMs(attempt: number, backoffBaseMs: number, random: number): number {
  const exponential = Math.min(MAX_RETRY_DELAY_MS, backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + Math.min(1, Math.max(0, random)) / 2));
}

export type AfterAttempt =
  | { status: 'succeeded' }
  | { status: 'pending'; retryInMs: number }
  | { status: 'failed' };

/** `attempt` counts from 1 within the current round. */
export function decideAfterAttempt(
  outcome: { ok: boolean; attempt: number },
  policy: RetryPolicy,
  random: number,
): AfterAttempt {
  if (outcome.ok) return { status: 'succeeded' };
  if (outcome.attempt >= policy.maxAttempts) return { status: 'failed' };
  return { status: 'pending', retryInMs: retryDelayMs(outcome.attempt, policy.backoffBaseMs, random) };
}

/** Whether an HTTP status counts as delivered: any 2xx. Redirects are not followed. */
export function isDelivered(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 200 && statusCode < 300;
}
