import type { Reason } from './reasons.ts';

/** A rule's verdict. Expected failures are values with a stable reason; only bugs throw. */
export type Verdict<T = undefined> =
  | { ok: true; value: T }
  | { ok: false; reason: Reason; message: string; details?: Record<string, unknown> };

export type Refusal = Extract<Verdict, { ok: false }>;

export function allow(): Verdict;
export function allow<T>(value: T): Verdict<T>;
export function allow<T>(value?: T): Verdict<T | undefined> {
  return { ok: true, value };
}

export function refuse(reason: Reason, message: string, details?: Record<string, unknown>): Refusal {
  return details === undefined ? { ok: false, reason, message } : { ok: false, reason, message, details };
}
