/**
 * The doorbell may fail; the record may not. The hub's LISTEN connection is killed with
 * `pg_terminate_backend` again and again while changes are made: subscribers still receive every
 * event, in order, once (the 2-second poll and the catch-up after the listener reconnects read
 * the events table by id), and the listener comes back each time.
 */
import {
  appendEvent,
  createDatabase,
  type DB,
  insertAsset,
  isPostgresUrl,
  type Kysely,
  LISTENER_APPLICATION_NAME,
  type ScopedEvent,
} from '@itam/db';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../src/live/hub.ts';
import { createAsset, createUser, maxEventId, unique } from './factories.ts';
import { bearer } from './http.ts';
import {
  expectExactlyTheTable,
  type Instance,
  openInstance,
  sleep,
  subscribeLive,
  tableIdsAfter,
  untilEntity,
} from './scale-support.ts';

// pg_terminate_backend and a separate LISTEN connection exist only on a PostgreSQL server; PGlite's
// listen is a callback inside the one process, with no connection to lose.
const onPostgres = isPostgresUrl(process.env.DATABASE_URL);

/** The LISTEN backends of this database: the hub's listener connection(s). */
async function listenerPids(side: Kysely<DB>): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity
    where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}
      and query ilike 'listen%'
    order by pid`.execute(side);
  return rows.map((r) => r.pid);
}

async function terminate(side: Kysely<DB>, pid: number): Promise<void> {
  await sql`select pg_terminate_backend(${pid})`.execute(side);
}

/** Waits for `count` LISTEN backends that are none of `gone` (the listeners reconnected). */
async function freshListeners(side: Kysely<DB>, gone: ReadonlySet<number>, count: number): Promise<number[]> {
  let fresh: number[] = [];
  await expect
    .poll(
      async () => {
        fresh = (await listenerPids(side)).filter((pid) => !gone.has(pid));
        return fresh.length;
      },
      { timeout: 10_000, interval: 20 },
    )
    .toBe(count);
  return fresh;
}

describe.skipIf(!onPostgres)('LISTEN connections killed while changes are made', () => {
  let testDatabase: TestDatabase;
  const instances: Instance[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });

  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await testDatabase?.close();
  });

  it('a subscriber on A still receives every change made through B, in order, once; A’s listener reconnects after each kill', async () => {
    const side = testDatabase.db;
    // Changes go through B so that A learns of them only from the database (B's own rings stay in B).
    const a = await openInstance(testDatabase.url);
    instances.push(a);
    const b = await openInstance(testDatabase.url);
    instances.push(b);
    const admin = await createUser(side, { role: 'admin' });
    const login = await b.http.mutation('auth.login', { username: admin.username, password: admin.password });
    const token = login.data.token as string;
    const auth = bearer(token);
    const assets = await Promise.all([0, 1].map(() => createAsset(side)));

    const subscriber = subscribeLive(a.wsUrl, token);
    try {
      await subscriber.started;
      const sync = await b.http.mutation(
        'assets.update',
        { id: assets[0]!.id, patch: { notes: 'sync' } },
        auth,
      );
      expect(sync.status).toBe(200);
      await untilEntity(subscriber, assets[0]!.id);
      const start = await maxEventId(side);
      // Only A listens: nobody follows B live, so B does not listen at all.
      let listeners = await listenerPids(side);
      expect(listeners).toHaveLength(1);

      // Two writers make 200 changes through B while A's listener is killed, again as soon as it
      // is back.
      let writing = true;
      const writers = Promise.all(
        [0, 1].map(async (writer) => {
          const failures: number[] = [];
          for (let i = 0; i < 100; i++) {
            const response =
              i % 4 === 0
                ? await b.http.mutation(
                    'assets.create',
                    { tag: unique('BELL'), name: 'Bell', type: 'phone' },
                    auth,
                  )
                : await b.http.mutation(
                    'assets.update',
                    { id: assets[writer]!.id, patch: { notes: `${writer}/${i}` } },
                    auth,
                  );
            if (response.status !== 200) failures.push(response.status);
            if (i % 10 === 0) await sleep(15);
          }
          return failures;
        }),
      ).finally(() => {
        writing = false;
      });
      const killed = new Set<number>();
      let rounds = 0;
      while (writing) {
        for (const pid of listeners) {
          await terminate(side, pid);
          killed.add(pid);
        }
        rounds += 1;
        listeners = await freshListeners(side, killed, 1);
        await sleep(20 + Math.random() * 80);
      }
      expect((await writers).flat()).toEqual([]);
      expect(rounds).toBeGreaterThanOrEqual(5);

      const all = await expectExactlyTheTable(subscriber, side, start, { label: 'subscriber on A' });
      expect(all).toHaveLength(200);
      // One listener, a new one each time: no half-made connection left behind.
      expect(await listenerPids(side)).toEqual(listeners);
      expect(subscriber.opens).toBe(1);
    } finally {
      await subscriber.close();
    }
  });
});

describe.skipIf(!onPostgres)('the hub catches up after its listener reconnects, without the poll', () => {
  let testDatabase: TestDatabase;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });

  afterAll(async () => {
    await testDatabase?.close();
  });

  /** One change as a procedure makes it: the row and its event in one transaction. */
  async function change(db: Kysely<DB>): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const asset = await insertAsset(trx, {
        tag: unique('HUB'),
        name: 'Hub',
        type: 'laptop',
        stage: 'in_stock',
        condition: 'new',
      });
      await appendEvent(trx, {
        actor: null,
        entity: 'asset',
        entityId: asset.id,
        action: 'created',
        after: asset,
      });
    });
  }

  it('events committed while the listener was down arrive through the reconnect catch-up alone', async () => {
    const { db } = testDatabase;
    const reconnects: number[] = [];
    const log = {
      info: (...args: unknown[]) => {
        if (args.some((a) => typeof a === 'string' && a.includes('reconnected'))) reconnects.push(Date.now());
      },
      warn: () => {},
      error: () => {},
      debug: () => {},
      trace: () => {},
      fatal: () => {},
    } as unknown as FastifyBaseLogger;
    // The hub's own database, as an API instance opens it; a poll once an hour is no poll.
    const database = await createDatabase(testDatabase.url, { poolSize: 2, migrate: false });
    const hub = new EventHub(database, log, 3_600_000, 3_600_000);
    const delivered: ScopedEvent[] = [];
    const unsubscribe = hub.subscribe((scoped) => delivered.push(scoped));
    await hub.start();
    try {
      const start = await maxEventId(db);
      // The doorbell works: a change arrives with no poll.
      await change(db);
      await expect.poll(() => delivered.length, { timeout: 5_000, interval: 10 }).toBe(1);

      // While the database refuses new connections, the killed listener cannot come back: changes
      // made then (on a connection opened before) are committed while the hub is deaf, for sure.
      // The switch is thrown from another database of the same server (not the test's own).
      const server = await createDatabase(process.env.DATABASE_URL, { poolSize: 1, migrate: false });
      try {
        await db.connection().execute(async (conn) => {
          const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(conn);
          const allowConnections = (allow: boolean) =>
            sql`alter database ${sql.id(rows[0]!.name)} allow_connections ${sql.lit(allow)}`.execute(
              server.db,
            );
          const killed = new Set<number>();
          try {
            for (let round = 0; round < 5; round++) {
              const [pid] = await listenerPids(conn);
              await allowConnections(false);
              await terminate(conn, pid!);
              killed.add(pid!);
              for (let i = 0; i < 5; i++) await change(conn);
              // The listener is retrying and refused meanwhile; these five have rung no bell it heard.
              await sleep(150);
              const before = await tableIdsAfter(conn, start);
              expect(delivered.map((s) => s.event.id)).toEqual(before.slice(0, 1 + round * 5));
              await allowConnections(true);
              await freshListeners(conn, killed, 1);
              await expect.poll(() => reconnects.length, { timeout: 10_000, interval: 10 }).toBe(round + 1);
              // Only the catch-up after the reconnect can deliver them.
              await expect
                .poll(() => delivered.map((s) => s.event.id), { timeout: 5_000, interval: 10 })
                .toEqual(before);
            }
          } finally {
            await allowConnections(true);
          }
        });
      } finally {
        await server.close();
      }
      expect(delivered).toHaveLength(1 + 5 * 5);
      expect(hub.lastId).toBe(await maxEventId(db));
    } finally {
      unsubscribe();
      await hub.stop();
      await database.close();
    }
  });
});
