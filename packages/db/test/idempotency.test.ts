/**
 * Claiming idempotency keys: the first claim inside a transaction owns the key until it commits
 * or rolls back; a second claim sees what the first stored. On PostgreSQL, a claim of a key held
 * by an open transaction waits for it: it reads the stored call if the holder commits and owns
 * the key itself if the holder rolls back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimIdempotencyKey,
  type DB,
  type IdempotencyClaim,
  insertUser,
  pruneIdempotencyKeys,
  recordIdempotentResponse,
  type Transaction,
} from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

const onPostgres = !!process.env.DATABASE_URL?.startsWith('postgres');

let database: TestDatabase;
let actorId: string;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 4 });
  const username = `idem-${randomUUID().slice(0, 8)}`;
  actorId = (
    await insertUser(database.db, {
      username,
      email: `${username}@example.test`,
      passwordHash: 'x',
      role: 'admin',
    })
  ).id;
});

afterAll(async () => {
  await database?.close();
});

const claimOf = (key: string, requestHash = 'h1') => ({
  actorId,
  key,
  procedure: 'assets.create',
  requestHash,
  ttlHours: 24,
});

function claimAndRecord(key: string, response: unknown): Promise<IdempotencyClaim> {
  return database.db.transaction().execute(async (trx) => {
    const claim = await claimIdempotencyKey(trx, claimOf(key));
    if (claim.claimed) await recordIdempotentResponse(trx, actorId, key, response);
    return claim;
  });
}

describe('claimIdempotencyKey', () => {
  it('claims a new key once; the next claim reads the stored call', async () => {
    const key = randomUUID();
    expect(await claimAndRecord(key, { id: 'a1', n: 1 })).toEqual({ claimed: true });
    expect(await claimAndRecord(key, { id: 'other' })).toEqual({
      claimed: false,
      stored: { procedure: 'assets.create', requestHash: 'h1', response: { id: 'a1', n: 1 } },
    });
  });

  it('a claim that rolls back leaves the key free', async () => {
    const key = randomUUID();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await claimIdempotencyKey(trx, claimOf(key));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await claimAndRecord(key, null)).toEqual({ claimed: true });
  });

  it('an expired key is claimed again; pruning deletes only expired keys', async () => {
    const key = randomUUID();
    await claimAndRecord(key, 1);
    await database.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('key', '=', key)
      .execute();
    expect(await claimAndRecord(key, 2)).toEqual({ claimed: true });
    const fresh = randomUUID();
    await claimAndRecord(fresh, 3);
    await database.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('key', '=', key)
      .execute();
    expect(await pruneIdempotencyKeys(database.db)).toBeGreaterThanOrEqual(1);
    const left = await database.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', 'in', [key, fresh])
      .execute();
    expect(left).toEqual([{ key: fresh }]);
  });
});

describe.runIf(onPostgres)('a claim of a key held by an open transaction', () => {
  /** Holds the key claimed in one transaction until `end` says commit or roll back. */
  async function holdClaim(key: string) {
    let end!: (outcome: 'commit' | 'rollback') => void;
    const ended = new Promise<'commit' | 'rollback'>((resolve) => {
      end = resolve;
    });
    let claimed!: () => void;
    const isClaimed = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    const done = database.db
      .transaction()
      .execute(async (trx: Transaction<DB>) => {
        await claimIdempotencyKey(trx, claimOf(key));
        await recordIdempotentResponse(trx, actorId, key, { by: 'holder' });
        claimed();
        if ((await ended) === 'rollback') throw new Error('rolled back');
      })
      .catch(() => undefined);
    await isClaimed;
    return { end, done };
  }

  it.each([
    [
      'commits',
      'commit',
      {
        claimed: false,
        stored: { procedure: 'assets.create', requestHash: 'h1', response: { by: 'holder' } },
      },
    ],
    ['rolls back', 'rollback', { claimed: true }],
  ] as const)('waits until the holder %s', async (_label, outcome, expected) => {
    const key = randomUUID();
    const holder = await holdClaim(key);
    let settled = false;
    const waiter = database.db
      .transaction()
      .execute((trx) => claimIdempotencyKey(trx, claimOf(key)))
      .finally(() => {
        settled = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled, 'the second claim waits on the key').toBe(false);
    holder.end(outcome);
    await holder.done;
    expect(await waiter).toEqual(expected);
  });
});
