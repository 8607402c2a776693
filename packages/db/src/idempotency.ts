import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

/** What the first call under a key stored: compared with a retry, and its response replayed. */
export interface StoredIdempotentCall {
  procedure: string;
  requestHash: string;
  response: unknown;
}

export type IdempotencyClaim = { claimed: true } | { claimed: false; stored: StoredIdempotentCall };

export interface IdempotencyKeyClaim {
  actorId: string;
  key: string;
  procedure: string;
  requestHash: string;
  ttlHours: number;
}

/**
 * Claims `key` for `actorId` inside the transaction that makes the change: the first statement of
 * that transaction. A new key (or one past its expiry) is inserted and so claimed until commit;
 * a call with the same key in another transaction waits here on the primary key, and once the
 * first commits it reads what was stored (or, if the first rolled back, claims the key itself).
 */
export async function claimIdempotencyKey(
  trx: Transaction<DB>,
  claim: IdempotencyKeyClaim,
): Promise<IdempotencyClaim> {
  // A row deleted by a concurrent prune between the two statements: claim again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await trx
      .insertInto('idempotency_keys')
      .values({
        actor_id: claim.actorId,
        key: claim.key,
        procedure: claim.procedure,
        request_hash: claim.requestHash,
        response: null,
        expires_at: sql<Date>`now() + make_interval(hours => ${claim.ttlHours})`,
      })
      .onConflict((oc) =>
        oc
          .columns(['actor_id', 'key'])
          .doUpdateSet((eb) => ({
            procedure: eb.ref('excluded.procedure'),
            request_hash: eb.ref('excluded.request_hash'),
            response: null,
            created_at: sql<Date>`now()`,
            expires_at: eb.ref('excluded.expires_at'),
          }))
          // Only an expired key is taken over; a live one is left as it is, and nothing returns.
          .where('idempotency_keys.expires_at', '<=', sql<Date>`now()`),
      )
      .returning('actor_id')
      .executeTakeFirst();
    if (inserted) return { claimed: true };
    const stored = await trx
      .selectFrom('idempotency_keys')
      .select(['procedure', 'request_hash', 'response'])
      .where('actor_id', '=', claim.actorId)
      .where('key', '=', claim.key)
      .executeTakeFirst();
    if (stored) {
      return {
        claimed: false,
        stored: { procedure: stored.procedure, requestHash: stored.request_hash, response: stored.response },
      };
    }
  }
  throw new Error(`idempotency key ${claim.key} could neither be claimed nor read`);
}

/** Stores the response of the change that claimed the key, in its transaction. */
export async function recordIdempotentResponse(
  trx: Transaction<DB>,
  actorId: string,
  key: string,
  response: unknown,
): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(response ?? null) })
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

/** Deletes keys whose retention ended by `now`; returns how many. */
export async function pruneIdempotencyKeys(db: Kysely<DB>, now: Date = new Date()): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
