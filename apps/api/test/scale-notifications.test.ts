/**
 * Notifications across API instances on one PostgreSQL: the job scheduled by instance B produces
 * reminders, and subscribers on instance A receive their own, live, over a real WebSocket, and
 * nobody else's. Each instance keeps one LISTEN connection for events and notifications alike.
 */
import { insertAssignment, isPostgresUrl, LISTENER_APPLICATION_NAME } from '@itam/db';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { addDays, type Notification, todayUtc } from '@itam/domain';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../src/router.ts';
import { createAsset, createUser } from './factories.ts';
import { type Instance, openInstance, sleep } from './scale-support.ts';

const onPostgres = isPostgresUrl(process.env.DATABASE_URL);

interface Inbox {
  received: { id: string; data: Notification }[];
  errors: unknown[];
  started: Promise<void>;
  close(): Promise<void>;
}

function subscribeInbox(wsUrl: string, token: string): Inbox {
  let markStarted!: () => void;
  const inbox: Inbox = {
    received: [],
    errors: [],
    started: new Promise<void>((resolve) => {
      markStarted = resolve;
    }),
    close: async () => {},
  };
  const wsClient = createWSClient({
    url: wsUrl,
    // why: Node 20 has no global WebSocket; `ws` is the implementation the server uses too.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  const subscription = client.notifications.onNew.subscribe(
    {},
    {
      onStarted: () => markStarted(),
      onData: (value) => inbox.received.push(value),
      onError: (error) => {
        inbox.errors.push(error);
        markStarted();
      },
    },
  );
  inbox.close = async () => {
    subscription.unsubscribe();
    await wsClient.close();
  };
  return inbox;
}

describe.skipIf(!onPostgres)('notifications across two API instances', () => {
  let testDatabase: TestDatabase;
  const instances: Instance[] = [];
  const inboxes: Inbox[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(inboxes.map((i) => i.close()));
    for (const instance of instances) await instance.close();
    await testDatabase?.close();
  });

  it('the job run by B reaches its recipients subscribed on A, each only their own, exactly the table’s rows', async () => {
    const { db } = testDatabase;
    const today = todayUtc();
    const admin = await createUser(db, { role: 'admin' });
    const dana = await createUser(db);
    const lee = await createUser(db);
    const late = await createAsset(db, { stage: 'deployed' });
    await insertAssignment(db, { assetId: late.id, userId: dana.id, expectedReturn: addDays(today, -2) });
    const leeAsset = await createAsset(db, { stage: 'deployed' });
    await insertAssignment(db, { assetId: leeAsset.id, userId: lee.id, expectedReturn: addDays(today, 5) });

    const a = await openInstance(testDatabase.url, { ITAM_NOTIFICATION_INTERVAL_SECONDS: '0' });
    instances.push(a);
    const token = async (user: { username: string; password: string }) =>
      (await a.http.mutation('auth.login', { username: user.username, password: user.password })).data
        .token as string;
    const [danaInbox, leeInbox, adminInbox] = [
      subscribeInbox(a.wsUrl, await token(dana)),
      subscribeInbox(a.wsUrl, await token(lee)),
      subscribeInbox(a.wsUrl, await token(admin)),
    ];
    inboxes.push(danaInbox, leeInbox, adminInbox);
    await Promise.all(inboxes.map((i) => i.started));
    // A listens, on one connection, once the inboxes have joined its hub.
    const listeners = async () =>
      (
        await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(db)
      ).rows[0]!.n;
    await expect.poll(listeners, { timeout: 5_000, interval: 20 }).toBe(1);

    // B runs the job on its own schedule, from its start.
    const b = await openInstance(testDatabase.url, { ITAM_NOTIFICATION_INTERVAL_SECONDS: '3600' });
    instances.push(b);

    const idsOf = async (userId: string) =>
      (
        await db
          .selectFrom('notifications')
          .select('id')
          .where('recipient_id', '=', userId)
          .orderBy('id')
          .execute()
      ).map((r) => String(r.id));
    await expect.poll(() => idsOf(dana.id), { timeout: 10_000 }).toHaveLength(1);
    await expect.poll(() => danaInbox.received.length, { timeout: 10_000 }).toBe(1);
    const adminIds = await idsOf(admin.id);
    expect(adminIds.length).toBeGreaterThan(0);
    await expect.poll(() => adminInbox.received.length, { timeout: 10_000 }).toBe(adminIds.length);
    await sleep(500);

    expect(danaInbox.received.map((r) => r.id)).toEqual(await idsOf(dana.id));
    expect(danaInbox.received[0]!.data).toMatchObject({
      kind: 'overdue_return',
      subject: { type: 'asset', id: late.id },
    });
    expect(danaInbox.received[0]!.data.title).toMatch(/^Please return /);
    expect(adminInbox.received.map((r) => r.id)).toEqual(adminIds);
    expect(adminInbox.received[0]!.data.title).toContain(dana.username);
    expect(leeInbox.received).toEqual([]);
    expect(await idsOf(lee.id)).toEqual([]);
    expect([danaInbox.errors, leeInbox.errors, adminInbox.errors]).toEqual([[], [], []]);
  });
});
