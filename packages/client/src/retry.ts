// Safe retries for the typed client: reads, and the mutations that take an idempotency key, are
// sent again after a network failure or a 503 (with exponential backoff and jitter). A keyed
// mutation gets a generated key when the caller gives none, once, before the first attempt, so
// every attempt carries the same key and the server applies the change at most once.
import type { AppRouter } from '@itam/api';
import { isIdempotentMutation } from '@itam/domain';
import { type Operation, retryLink, type TRPCClientError, type TRPCLink } from '@trpc/client';

export interface RetryOptions {
  /** Attempts after the first; 0 turns retrying off. Default 5. */
  retries?: number;
  /** The first delay; each further one doubles, up to `maxDelayMs`, with full jitter. Default 200. */
  baseDelayMs?: number;
  /** Default 5000. */
  maxDelayMs?: number;
}

/** HTTP statuses a retry may cure: the server (or a proxy in front of it) is briefly unavailable. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/** A mutation the server de-duplicates by key, with the key attached if the caller gave none. */
export function withIdempotencyKey(
  op: Operation,
  newKey: () => string = () => crypto.randomUUID(),
): Operation {
  if (op.type !== 'mutation' || !isIdempotentMutation(op.path)) return op;
  const input = op.input;
  if (!input || typeof input !== 'object' || Array.isArray(input)) return op;
  if ((input as { idempotencyKey?: unknown }).idempotencyKey) return op;
  return { ...op, input: { ...input, idempotencyKey: newKey() } };
}

/** Whether the call can be sent again without risk of applying something twice. */
export function isSafeToRetry(op: Operation): boolean {
  if (op.type === 'query') return true;
  if (op.type !== 'mutation' || !isIdempotentMutation(op.path)) return false;
  return !!(op.input as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
}

/**
 * A failure that may pass: no answer at all (connection refused or dropped, an answer that is not
 * the API's JSON), or 502/503/504. Never a refusal with a reason, and never the caller's abort.
 */
export function isTransientFailure(error: TRPCClientError<AppRouter>): boolean {
  const cause = error.cause as { name?: string } | undefined;
  if (cause?.name === 'AbortError') return false;
  const status = error.data?.httpStatus ?? (error.meta?.response as { status?: number } | undefined)?.status;
  if (status === undefined) return true;
  return TRANSIENT_STATUSES.has(status);
}

export function backoffDelay(attempt: number, options: Required<Omit<RetryOptions, 'retries'>>): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(Math.random() * ceiling);
}

/** The links that go before the HTTP link: attach keys, then retry what is safe to retry. */
export function retryLinks(options: RetryOptions = {}): TRPCLink<AppRouter>[] {
  const retries = options.retries ?? 5;
  if (retries <= 0) return [];
  const delays = { baseDelayMs: options.baseDelayMs ?? 200, maxDelayMs: options.maxDelayMs ?? 5_000 };
  const attachKey: TRPCLink<AppRouter> =
    () =>
    ({ op, next }) =>
      next(withIdempotencyKey(op));
  return [
    attachKey,
    retryLink<AppRouter>({
      retry: ({ op, error, attempts }) =>
        attempts <= retries && isSafeToRetry(op) && isTransientFailure(error),
      retryDelayMs: (attempt) => backoffDelay(attempt, delays),
    }),
  ];
}
