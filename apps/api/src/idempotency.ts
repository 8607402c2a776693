import {
  claimIdempotencyKey,
  type DB,
  type Kysely,
  pruneIdempotencyKeys,
  recordIdempotentResponse,
  type Transaction,
} from '@itam/db';
import { decideReplay, IDEMPOTENCY_KEY_TTL_HOURS } from '@itam/domain';
import type { FastifyBaseLogger } from 'fastify';
import { refused } from './errors.ts';

/**
 * The one place where idempotency keys are honoured. Every mutation that creates something or
 * moves state runs its transaction through `ctx.transact(input, work)`: without a key that is a
 * plain transaction; with one, the key is claimed first in the same transaction, so the key,
 * the change, its audit event and the stored response commit together or not at all.
 *
 * - A retry of a committed call (same actor, key, procedure and input) gets the stored response
 *   and applies nothing.
 * - A concurrent call with the key waits on the key's row until the first commits (then it is a
 *   retry) or rolls back (then it runs itself).
 * - The key with another procedure or input is refused with IDEMPOTENCY_KEY_REUSED.
 * - A call that fails stores nothing: the rollback takes its key with it.
 */
export type Transact = <T>(
  input: { idempotencyKey?: string | undefined } | undefined,
  work: (trx: Transaction<DB>) => Promise<T>,
) => Promise<T>;

/**
 * Keyed hashes of a request's canonical JSON (an input may hold a product key): the one to store
 * first, then those under earlier secrets, which a stored hash may match during a rotation.
 */
export type Digests = (text: string) => string[];

export function transactFor(db: Kysely<DB>, digests: Digests, actorId: string, procedure: string): Transact {
  return async (input, work) => {
    const key = input?.idempotencyKey;
    if (!key) return db.transaction().execute(work);
    const hashes = hashRequest(input, digests);
    const requestHash = hashes[0]!;
    return db.transaction().execute(async (trx) => {
      const claim = await claimIdempotencyKey(trx, {
        actorId,
        key,
        procedure,
        requestHash,
        ttlHours: IDEMPOTENCY_KEY_TTL_HOURS,
      });
      if (!claim.claimed) {
        const stored = claim.stored;
        const sameInput = hashes.includes(stored.requestHash);
        const verdict = decideReplay(stored, {
          procedure,
          requestHash: sameInput ? stored.requestHash : requestHash,
        });
        if (!verdict.ok) throw refused(verdict);
        // why the cast: the stored response is what `work` returned for this procedure, as JSON;
        // every such value is plain JSON (dates travel as ISO strings).
        return stored.response as Awaited<ReturnType<typeof work>>;
      }
      const result = await work(trx);
      await recordIdempotentResponse(trx, actorId, key, result);
      return result;
    });
  };
}

/** The digests of the parsed input without its key, as JSON with sorted object keys. */
export function hashRequest(input: object, digests: Digests): string[] {
  const { idempotencyKey: _key, ...rest } = input as { idempotencyKey?: unknown };
  return digests(canonicalJson(rest));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** How often each instance deletes expired keys (a few instances doing it is harmless). */
const PRUNE_EVERY_MS = 15 * 60_000;

/** Deletes expired keys now and every 15 minutes; returns the function that stops it. */
export function pruneIdempotencyKeysPeriodically(db: Kysely<DB>, log: FastifyBaseLogger): () => void {
  const prune = () =>
    void pruneIdempotencyKeys(db)
      .then((deleted) => {
        if (deleted > 0) log.info({ deleted }, 'expired idempotency keys deleted');
      })
      // The database may be down for a while: the next round tries again.
      .catch((error: unknown) => log.warn({ err: error }, 'pruning idempotency keys failed'));
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
