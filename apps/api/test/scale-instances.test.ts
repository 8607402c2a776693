/**
 * Two API instances on one PostgreSQL database, as behind a load balancer: each opens the
 * database itself (its own pool, its own LISTEN connection), nothing else is shared. A subscriber
 * on instance A receives every change made through instance B's HTTP API, in order, with exactly
 * the events table's ids for its scope.
 */
import { isPostgresUrl, LISTENER_APPLICATION_NAME } from '@itam/db';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createHeldAsset, createUser, maxEventId } from './factories.ts';
import { bearer } from './http.ts';
import {
  expectExactlyTheTable,
  type Instance,
  type LiveSubscriber,
  openInstance,
  receivedAfter,
  subscribeLive,
  untilEntity,
} from './scale-support.ts';

// Several instances need a database several processes can open. PGlite is embedded in one
// process: there, "every instance" is the one process, and live.test.ts covers it.
const onPostgres = isPostgresUrl(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)('several API instances on one PostgreSQL', () => {
  let testDatabase: TestDatabase;
  const instances: Instance[] = [];
  const subscribers: LiveSubscriber[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.close()));
    for (const instance of instances) await instance.close();
    await testDatabase?.close();
  });

  it('a subscriber on A receives all 200 changes made through B: in order, the table’s ids, no gap, no duplicate', async () => {
    const { db } = testDatabase;
    const a = await openInstance(testDatabase.url);
    instances.push(a);
    const b = await openInstance(testDatabase.url);
    instances.push(b);

    const admin = await createUser(db, { role: 'admin' });
    const employee = await createUser(db);
    // Sessions live in the database: a login through B is good on A.
    const login = async (user: { username: string; password: string }) => {
      const response = await b.http.mutation('auth.login', {
        username: user.username,
        password: user.password,
      });
      expect(response.status).toBe(200);
      return response.data.token as string;
    };
    const adminToken = await login(admin);
    const employeeToken = await login(employee);
    const held = await createHeldAsset(db, employee.id);
    const shared = await Promise.all([0, 1, 2, 3].map(() => createAsset(db)));

    const staff = subscribeLive(a.wsUrl, adminToken);
    const own = subscribeLive(a.wsUrl, employeeToken);
    subscribers.push(staff, own);
    await Promise.all([staff.started, own.started]);
    // A listens on a connection of its own (once a subscription has joined its hub, a moment after
    // tRPC says it started); B, which nobody follows live, does not listen at all, so the database
    // does not wake it on every commit.
    const listeners = async () =>
      (
        await sql<{ pid: number }>`
          select pid from pg_stat_activity
          where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}
            and query ilike 'listen%'`.execute(db)
      ).rows.length;
    await expect.poll(listeners, { timeout: 5_000, interval: 20 }).toBe(1);
    const sync = await b.http.mutation(
      'assets.update',
      { id: held.id, patch: { notes: 'sync' } },
      bearer(adminToken),
    );
    expect(sync.status).toBe(200);
    await untilEntity(staff, held.id);
    await untilEntity(own, held.id);
    const start = await maxEventId(db);

    // 200 changes through B from 4 concurrent writers: creations, and updates to assets nobody
    // holds and to the employee's (those are the ones in the employee's scope).
    const responses = await Promise.all(
      [0, 1, 2, 3].map(async (writer) => {
        const statuses: number[] = [];
        for (let i = 0; i < 50; i++) {
          const auth = bearer(adminToken);
          const kind = (writer + i) % 3;
          const response =
            kind === 0
              ? await b.http.mutation(
                  'assets.create',
                  { tag: `SCALE-${writer}-${i}-${start}`, name: `Scale ${writer}/${i}`, type: 'laptop' },
                  auth,
                )
              : await b.http.mutation(
                  'assets.update',
                  {
                    id: kind === 1 && writer === 0 ? held.id : shared[writer]!.id,
                    patch: { notes: `${writer}/${i}` },
                  },
                  auth,
                );
          statuses.push(response.status);
        }
        return statuses;
      }),
    );
    expect(responses.flat().filter((s) => s !== 200)).toEqual([]);

    const all = await expectExactlyTheTable(staff, db, start, { label: 'admin on A' });
    expect(all).toHaveLength(200);
    const mine = await expectExactlyTheTable(own, db, start, {
      audienceOf: employee.id,
      label: 'employee on A',
    });
    expect(mine.length).toBeGreaterThan(10);
    expect(own.received.every((r) => r.data.entityId === held.id)).toBe(true);
    // Nothing arrived through a reconnect: the one socket stayed up.
    expect([staff.opens, own.opens]).toEqual([1, 1]);
    expect(receivedAfter(staff, start)).toHaveLength(200);

    // The doorbell rings across instances: a single change through B reaches A well within the
    // 2-second poll that would otherwise find it. At least 4 times in 5 (one slow outlier on a busy
    // machine is allowed): the poll alone would manage that about once in 60 runs.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const sent = Date.now();
      const response = await b.http.mutation(
        'assets.update',
        { id: held.id, patch: { notes: `bell ${i}` } },
        bearer(adminToken),
      );
      expect(response.status).toBe(200);
      await expect
        .poll(() => staff.received.some((r) => r.data.after?.notes === `bell ${i}`), {
          timeout: 5_000,
          interval: 5,
        })
        .toBe(true);
      latencies.push(Date.now() - sent);
    }
    expect(
      latencies.filter((ms) => ms < 500).length,
      `latencies ${latencies.join(', ')} ms`,
    ).toBeGreaterThanOrEqual(4);
  });
});
