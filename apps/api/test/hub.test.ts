/**
 * With nobody subscribed, an instance's hub neither listens nor reads; while a worker wants its
 * rings, each write's NOTIFY carries its event id and the hub only moves its position on. A
 * subscriber that arrives later receives what is committed after it subscribed, and nothing from
 * before. And its watch of the sessions behind
 * open subscriptions ends only those it asked the database about.
 */
import {
  appendEvent,
  type Database,
  type DB,
  insertAsset,
  insertSession,
  type Kysely,
  LISTENER_APPLICATION_NAME,
  type ScopedEvent,
} from '@itam/db';
import { createTestDatabase, describeBackend, type TestDatabase } from '@itam/db/testing';
import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newSessionToken } from '../src/auth/tokens.ts';
import { EventHub } from '../src/live/hub.ts';
import { createUser, maxEventId, unique } from './factories.ts';
import { quiet } from './quiet-log.ts';

/** Counts the statements that read the events table through one Kysely instance. */
function eventReads(): { plugin: KyselyPlugin; count: () => number } {
  let reads = 0;
  return {
    plugin: {
      transformQuery(args) {
        const node = args.node as {
          kind: string;
          from?: { froms: { table?: { identifier?: { name: string } } }[] };
        };
        const text = JSON.stringify(node.from ?? '');
        if (node.kind === 'SelectQueryNode' && text.includes('"events"')) reads += 1;
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    },
    count: () => reads,
  };
}

async function change(db: Kysely<DB>): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const asset = await insertAsset(trx, {
      tag: unique('IDLE'),
      name: 'Idle',
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
    return asset.id;
  });
}

describe(`the hub with nobody subscribed (${describeBackend()})`, () => {
  let testDatabase: TestDatabase;
  let hub: EventHub;
  const reads = eventReads();

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const counted: Database = { ...testDatabase, db: testDatabase.db.withPlugin(reads.plugin) };
    // A poll far beyond the test, so only rings make the hub read.
    hub = new EventHub(counted, quiet, 60_000, 60_000);
    await hub.start();
  });

  afterAll(async () => {
    await hub?.stop();
    await testDatabase?.close();
  });

  it('listens to nothing and reads nothing while nobody subscribes; a later subscriber starts at the newest id', async () => {
    const before = reads.count();
    for (let i = 0; i < 5; i++) await change(testDatabase.db);
    const newest = await maxEventId(testDatabase.db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reads.count()).toBe(before);
    expect(await listeningConnections(testDatabase)).toBe(0);

    const received: ScopedEvent[] = [];
    const unsubscribe = hub.subscribe((scoped) => received.push(scoped));
    try {
      await hub.ready();
      expect(hub.lastId).toBe(newest);
      expect(await listeningConnections(testDatabase)).toBe(testDatabase.kind === 'postgres' ? 1 : 0);
      const assetId = await change(testDatabase.db);
      await expect.poll(() => received.length, { timeout: 5_000, interval: 10 }).toBe(1);
      expect(received[0]!.event.entityId).toBe(assetId);
      expect(Number(received[0]!.event.id)).toBeGreaterThan(newest);
      expect(reads.count()).toBeGreaterThan(before);
    } finally {
      unsubscribe();
    }
  });

  it('keeps listening without a subscriber while a worker wants the rings, and moves on by their ids', async () => {
    let rings = 0;
    const stopCounting = hub.onRing(() => rings++);
    const release = hub.want();
    try {
      await hub.ready();
      const before = reads.count();
      for (let i = 0; i < 3; i++) await change(testDatabase.db);
      const newest = await maxEventId(testDatabase.db);
      await expect.poll(() => hub.lastId, { timeout: 5_000, interval: 10 }).toBe(newest);
      expect(rings).toBeGreaterThanOrEqual(1);
      expect(reads.count()).toBe(before);
    } finally {
      release();
      stopCounting();
    }
  });
});

/** Connections of the test's database that LISTEN (PostgreSQL only; 0 on the embedded database). */
async function listeningConnections(database: TestDatabase): Promise<number> {
  if (database.kind !== 'postgres') return 0;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
    where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(
    database.db,
  );
  return rows[0]!.n;
}

describe(`the hub's session watch (${describeBackend()})`, () => {
  let testDatabase: TestDatabase;
  let hub: EventHub;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    hub = new EventHub(testDatabase, quiet, 60_000, 60_000);
    await hub.start();
  });

  afterAll(async () => {
    await hub?.stop();
    await testDatabase?.close();
  });

  async function liveSession(): Promise<string> {
    const user = await createUser(testDatabase.db);
    const tokenHash = hashToken(newSessionToken());
    await insertSession(testDatabase.db, {
      userId: user.id,
      tokenHash,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    return tokenHash;
  }

  it('regression: a subscription that started while sessions were being checked was ended as if its session had', async () => {
    const ended: string[] = [];
    const first = await liveSession();
    const second = await liveSession();
    const unwatchFirst = hub.watchSession(first, () => ended.push('first'));
    const checking = hub.checkSessions();
    // Watched while the check's query runs: that query did not ask about it.
    const unwatchSecond = hub.watchSession(second, () => ended.push('second'));
    await checking;
    await hub.checkSessions();
    expect(ended).toEqual([]);

    await testDatabase.db.deleteFrom('sessions').where('token_hash', '=', second).execute();
    await hub.checkSessions();
    expect(ended).toEqual(['second']);
    unwatchFirst();
    unwatchSecond();
  });
});
