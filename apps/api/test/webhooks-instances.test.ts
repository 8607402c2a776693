/**
 * Two API instances on one PostgreSQL database, both running the webhook dispatcher, racing for
 * the same deliveries: every event reaches each receiver once (and, where the receiver fails the
 * first try, exactly twice: no attempt is ever sent by both instances).
 */
import { isPostgresUrl } from '@itam/db';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createUser, maxEventId } from './factories.ts';
import { bearer } from './http.ts';
import { type Instance, openInstance } from './scale-support.ts';
import { type Receiver, receivedIds, startReceiver } from './webhook-receiver.ts';

// Several instances need a database several processes can open; PGlite is embedded in one.
const onPostgres = isPostgresUrl(process.env.DATABASE_URL);

/** Quick passes on both instances, so they really do race for each delivery. */
const FAST = {
  ITAM_WEBHOOK_INTERVAL_MS: '20',
  ITAM_WEBHOOK_BACKOFF_BASE_MS: '20',
  ITAM_WEBHOOK_TIMEOUT_MS: '2000',
  ITAM_WEBHOOK_MAX_ATTEMPTS: '5',
};

describe.skipIf(!onPostgres)('webhooks with several API instances on one PostgreSQL', () => {
  let testDatabase: TestDatabase;
  const instances: Instance[] = [];
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });

  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await Promise.all(receivers.map((r) => r.close()));
    await testDatabase?.close();
  });

  it('delivers each event once per webhook though both instances dispatch', async () => {
    const { db } = testDatabase;
    const a = await openInstance(testDatabase.url, FAST);
    instances.push(a);
    const b = await openInstance(testDatabase.url, FAST);
    instances.push(b);
    const all = await startReceiver();
    const flaky = await startReceiver();
    receivers.push(all, flaky);
    // The flaky receiver fails the first try of each event and takes the second.
    const seen = new Set<string>();
    flaky.answer = (_n, receipt) => {
      if (seen.has(receipt.json.id)) return 200;
      seen.add(receipt.json.id);
      return 500;
    };

    const admin = await createUser(db, { role: 'admin' });
    const login = await a.http.mutation('auth.login', { username: admin.username, password: admin.password });
    const auth = bearer(login.data.token as string);
    for (const [receiver, eventTypes] of [
      [all, ['*']],
      [flaky, ['asset.updated']],
    ] as const) {
      const created = await b.http.mutation('webhooks.create', { url: receiver.url, eventTypes }, auth);
      expect(created.status).toBe(200);
    }
    const start = await maxEventId(db);
    // The * webhook also had the second webhook's creation: count only the changes below.
    const changes = (receiver: Receiver) => receivedIds(receiver).filter((id) => Number(id) > start);

    // 120 changes, through both instances, from 4 concurrent writers.
    const assets = await Promise.all([0, 1, 2, 3].map(() => createAsset(db)));
    const statuses = await Promise.all(
      [0, 1, 2, 3].map(async (writer) => {
        const out: number[] = [];
        for (let i = 0; i < 30; i++) {
          const via = (writer + i) % 2 === 0 ? a : b;
          const response = await via.http.mutation(
            'assets.update',
            { id: assets[writer]!.id, patch: { notes: `${writer}/${i}` } },
            auth,
          );
          out.push(response.status);
        }
        return out;
      }),
    );
    expect(statuses.flat().filter((s) => s !== 200)).toEqual([]);
    const rows = await db.selectFrom('events').select('id').where('id', '>', start).orderBy('id').execute();
    const expected = rows.map((r) => String(r.id));
    expect(expected).toHaveLength(120);

    await expect
      .poll(() => new Set(changes(all)).size, { timeout: 30_000, interval: 50 })
      .toBe(expected.length);
    await expect
      .poll(() => flaky.receipts.filter((r) => r.headers['x-itam-attempt'] === '2').length, {
        timeout: 30_000,
        interval: 50,
      })
      .toBe(expected.length);
    // A moment more for any stray duplicate.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect([...changes(all)].sort()).toEqual([...expected].sort());
    const flakyIds = receivedIds(flaky);
    const twice = expected.filter((id) => flakyIds.filter((x) => x === id).length === 2);
    expect(twice).toEqual(expected);
    expect(flakyIds).toHaveLength(expected.length * 2);

    // The log agrees: one delivery per webhook and event, with one or two attempts.
    const deliveries = await db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['status', 'attempts'])
      .orderBy('attempts')
      .execute();
    expect(deliveries.map((d) => [d.status, d.attempts, Number(d.n)])).toEqual([
      ['succeeded', 1, expected.length + 1],
      ['succeeded', 2, expected.length],
    ]);
    const attempts = await db
      .selectFrom('webhook_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(attempts.n)).toBe(expected.length * 3 + 1);
  });
});
