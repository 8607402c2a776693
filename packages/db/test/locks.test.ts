/**
 * Row locks that serialise changes to a user (their role, whether they are disabled) must not
 * block inserts that merely reference that user by foreign key, such as an event naming them as
 * its actor. Otherwise a transaction holding the user lock and one holding the events lock can
 * wait for each other: PostgreSQL breaks the deadlock by failing one of them.
 *
 * PostgreSQL only: PGlite is one session, so two transactions cannot hold locks at once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEvent,
  countActiveAdmins,
  type DB,
  insertUser,
  lockUserForUpdate,
  type Transaction,
} from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

const onPostgres = !!process.env.DATABASE_URL?.startsWith('postgres');

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 4 });
});

afterAll(async () => {
  await database?.close();
});

function user(role: 'admin' | 'employee') {
  const username = `lock-${randomUUID().slice(0, 8)}`;
  return insertUser(database.db, { username, email: `${username}@example.test`, passwordHash: 'x', role });
}

/**
 * Runs `hold` in one transaction and, while it holds its locks, appends an event naming `actorId`
 * in another; reports whether the append finished before the first transaction ended.
 */
async function appendWhileHolding(
  actorId: string,
  hold: (trx: Transaction<DB>) => Promise<unknown>,
): Promise<'appended' | 'blocked'> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => {
    held = resolve;
  });
  const holder = database.db.transaction().execute(async (trx) => {
    await hold(trx);
    held();
    await released;
  });
  await isHeld;
  const append = database.db
    .transaction()
    .execute((trx) =>
      appendEvent(trx, {
        actor: { id: actorId, username: 'x' },
        entity: 'asset',
        entityId: randomUUID(),
        action: 'updated',
      }),
    )
    .then(() => 'appended' as const);
  const outcome = await Promise.race([
    append,
    new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 1_000)),
  ]);
  release();
  await holder;
  await append;
  return outcome;
}

describe.runIf(onPostgres)('user row locks and the events that name the user', () => {
  it('lockUserForUpdate does not block an event naming the locked user as its actor', async () => {
    const actor = await user('employee');
    expect(await appendWhileHolding(actor.id, (trx) => lockUserForUpdate(trx, actor.id))).toBe('appended');
  });

  it('countActiveAdmins (which locks every active admin) does not block an admin’s event', async () => {
    const admin = await user('admin');
    expect(await appendWhileHolding(admin.id, (trx) => countActiveAdmins(trx))).toBe('appended');
  });

  it('still serialises two changes to one user', async () => {
    const target = await user('employee');
    const order: string[] = [];
    await Promise.all(
      ['first', 'second'].map((name, i) =>
        database.db.transaction().execute(async (trx) => {
          if (i === 1) await new Promise((resolve) => setTimeout(resolve, 50));
          await lockUserForUpdate(trx, target.id);
          order.push(`${name} locked`);
          await new Promise((resolve) => setTimeout(resolve, 200));
          order.push(`${name} done`);
        }),
      ),
    );
    expect(order).toEqual(['first locked', 'first done', 'second locked', 'second done']);
  });
});

describe.skipIf(onPostgres)('on PGlite', () => {
  it('has one session, so these lock tests run on PostgreSQL only', () => {
    expect(database.kind).toBe('pglite');
  });
});
