import { z } from 'zod';
import { allow, refuse, type Verdict } from '../result.ts';

/**
 * Idempotency keys: a client names one logical write with a key of its choosing, so that sending
 * it again (after a dropped connection, a 503, a timeout) applies it at most once. The server
 * stores the key with the procedure, a hash of the input and the response, in the same
 * transaction as the write.
 */

/** A key the client makes up: a UUID, or any opaque token of 1 to 128 safe characters. */
export const IdempotencyKey = z
  .string({ error: 'An idempotency key is a string.' })
  .min(1, 'An idempotency key is not empty.')
  .max(128, 'An idempotency key has at most 128 characters.')
  .regex(/^[A-Za-z0-9._:-]+$/, 'Use letters, digits, and . _ : - in an idempotency key.');

/** Spread into a mutation's input schema: `z.strictObject({ id: Id, ...idempotent })`. */
export const idempotent = { idempotencyKey: IdempotencyKey.optional() };

/** How long the server remembers a key (and so how long a retry is safe). */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/**
 * The mutations that accept `idempotencyKey`: every signed-in mutation that creates something or
 * moves state (each writes an audit event). The typed client attaches a key to these, and only
 * these, so that it may retry them. The `auth.*` mutations take none: a sign-up has no actor to
 * scope a key to (and a repeated one is refused by the unique username), a login or a logout is
 * not recorded as a change. Nor do `SECRET_ISSUING_MUTATIONS` and `NATURALLY_IDEMPOTENT_MUTATIONS`
 * (below); a test checks these three lists against the router.
 */
export const IDEMPOTENT_MUTATIONS = [
  'users.setRole',
  'users.disable',
  'assets.create',
  'assets.update',
  'assets.transition',
  'assets.remove',
  'assignments.checkOut',
  'assignments.bulkCheckOut',
  'assignments.checkIn',
  'licenses.create',
  'licenses.update',
  'licenses.remove',
  'licenses.assignSeat',
  'licenses.assignSeats',
  'licenses.releaseSeat',
  'maintenance.schedule',
  'maintenance.start',
  'maintenance.complete',
  'maintenance.cancel',
  'webhooks.update',
  'webhooks.remove',
  'webhooks.redeliver',
] as const;
export type IdempotentMutation = (typeof IDEMPOTENT_MUTATIONS)[number];

/**
 * Mutations that take no key because their answer carries a secret shown once (a webhook's
 * signing secret, an API token): storing the answer for a replay would store the secret in
 * clear. Sending one again makes a second record (or secret), which the caller can remove.
 */
export const SECRET_ISSUING_MUTATIONS = [
  'webhooks.create',
  'webhooks.rotateSecret',
  'tokens.create',
] as const;

/**
 * Mutations that take no key because doing them twice is doing them once: marking notifications
 * read (no audit event), revoking a token (a second revoke answers the revoked token and writes
 * no event).
 */
export const NATURALLY_IDEMPOTENT_MUTATIONS = ['notifications.markRead', 'tokens.revoke'] as const;

export function isIdempotentMutation(path: string): path is IdempotentMutation {
  return (IDEMPOTENT_MUTATIONS as readonly string[]).includes(path);
}

/** What a request under a key is, for comparing a retry with the call that first used the key. */
export interface KeyedRequest {
  procedure: string;
  /** A hash of the input without the key. */
  requestHash: string;
}

/**
 * A key already used by this actor: the same procedure with the same input is a retry, answered
 * with the first response; anything else is a client bug, refused without applying anything.
 */
export function decideReplay(stored: KeyedRequest, request: KeyedRequest): Verdict {
  if (stored.procedure !== request.procedure) {
    return refuse(
      'IDEMPOTENCY_KEY_REUSED',
      `This idempotency key was used for ${stored.procedure}; use a new key for each change.`,
      { procedure: stored.procedure },
    );
  }
  if (stored.requestHash !== request.requestHash) {
    return refuse(
      'IDEMPOTENCY_KEY_REUSED',
      'This idempotency key was used with a different input; use a new key for each change.',
      { procedure: stored.procedure },
    );
  }
  return allow();
}
