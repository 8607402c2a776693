/**
 * Live changes over a real WebSocket: the typed client with `wsLink` against a server on port 0.
 * Resuming with `lastEventId` must give exactly what was missed, in order, then live events;
 * employees see only events about what they hold; browsers from other origins are refused.
 */

import { listEventsAfter } from '@itam/db';
import type { AuditEvent } from '@itam/domain';
import { createTRPCClient, createWSClient, type TRPCClientError, wsLink } from '@trpc/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashToken } from '../src/auth/tokens.ts';
import type { AppRouter } from '../src/router.ts';
import { createServer } from '../src/server.ts';
import { createAsset, createHeldAsset, createUser, login, maxEventId } from './factories.ts';
import { type Caller, openTestApp, type TestApp, testConfig } from './harness.ts';
import { endUnderSubscription } from './session-end.ts';

let testApp: TestApp;
let wsUrl: string;
let port: number;
let admin: Caller;
let adminToken: string;
const open: Subscriber[] = [];

beforeAll(async () => {
  testApp = await openTestApp();
  const url = new URL(await testApp.start());
  port = Number(url.port);
  wsUrl = `ws://127.0.0.1:${port}/trpc`;
  const adminUser = await createUser(testApp.database.db, { role: 'admin' });
  adminToken = await login(await testApp.caller(), adminUser);
  admin = await testApp.caller(adminToken);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await testApp?.close();
});

interface Subscriber {
  received: { id: string; data: AuditEvent }[];
  errors: TRPCClientError<AppRouter>[];
  /** Resolves once the server has started the subscription. */
  started: Promise<void>;
  /** Waits until `predicate` holds for what was received. */
  until(predicate: (received: Subscriber['received']) => boolean, what: string): Promise<void>;
  close(): Promise<void>;
}

function subscribe(token: string | undefined, input: { lastEventId?: string } = {}): Subscriber {
  const wsClient = createWSClient({
    url: wsUrl,
    // why: Node 20 has no global WebSocket; `ws` is the implementation the server uses too.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    ...(token ? { connectionParams: { token } } : {}),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  const received: Subscriber['received'] = [];
  const errors: Subscriber['errors'] = [];
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const subscription = client.events.onChange.subscribe(input, {
    onStarted: () => markStarted(),
    onData: (value) => received.push(value as { id: string; data: AuditEvent }),
    onError: (error) => {
      errors.push(error as TRPCClientError<AppRouter>);
      markStarted();
    },
  });
  const subscriber: Subscriber = {
    received,
    errors,
    started,
    async until(predicate, what) {
      await expect
        .poll(() => errors.length > 0 || predicate(received), { timeout: 10_000, interval: 20 })
        .toBe(true);
      expect(errors, what).toEqual([]);
    },
    async close() {
      subscription.unsubscribe();
      await wsClient.close();
    },
  };
  open.push(subscriber);
  return subscriber;
}

const ids = (s: Subscriber) => s.received.map((r) => r.id);
const hasEntity = (id: string) => (received: Subscriber['received']) =>
  received.some((r) => r.data.entityId === id);

/** Subscribes and waits until it demonstrably receives live events (a change made after it started). */
async function liveSubscriber(token: string, sync: () => Promise<{ id: string }>): Promise<Subscriber> {
  const s = subscribe(token);
  await s.started;
  const { id } = await sync();
  await s.until(hasEntity(id), 'sync event');
  return s;
}

describe('events.onChange over WebSocket', () => {
  it('delivers live events, and after a disconnect resumes from lastEventId with exactly what was missed', async () => {
    const first = await liveSubscriber(adminToken, () => admin.assets.create(assetFor('sync')));
    const before = first.received.length;
    const live = [];
    for (let i = 0; i < 3; i++) live.push(await admin.assets.create(assetFor(`live-${i}`)));
    await first.until((r) => r.length >= before + 3, 'three live events');
    expect(first.received.slice(before).map((r) => r.data.entityId)).toEqual(live.map((a) => a.id));
    expect(first.received.slice(before).every((r) => r.data.action === 'created')).toBe(true);
    const lastSeen = ids(first).at(-1)!;
    expect(lastSeen).toBe(String(await maxEventId(testApp.database.db)));
    await first.close();

    // 20 changes nobody is listening to.
    const asset = await createAsset(testApp.database.db);
    for (let i = 0; i < 20; i++) {
      await admin.assets.update({ id: asset.id, patch: { notes: `missed ${i}` } });
    }
    const missed = await listEventsAfter(testApp.database.db, Number(lastSeen), { limit: 100 });
    expect(missed).toHaveLength(20);

    const second = subscribe(adminToken, { lastEventId: lastSeen });
    await second.until((r) => r.length >= 20, 'the 20 missed events');
    expect(ids(second)).toEqual(missed.map((m) => m.event.id));
    expect(second.received.map((r) => r.data.after?.notes)).toEqual(
      Array.from({ length: 20 }, (_, i) => `missed ${i}`),
    );

    // Then live ones, with nothing repeated.
    await admin.assets.update({ id: asset.id, patch: { notes: 'live again' } });
    await second.until((r) => r.some((e) => e.data.after?.notes === 'live again'), 'the live event');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(second.received).toHaveLength(21);
    expect(second.received.at(-1)?.data.after?.notes).toBe('live again');
    expect(new Set(ids(second)).size).toBe(21);
    const numeric = ids(second).map(Number);
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
  });

  it('resumes while changes keep coming: every event once, in order, no gap between backlog and live', async () => {
    const asset = await createAsset(testApp.database.db);
    const from = await maxEventId(testApp.database.db);
    for (let i = 0; i < 10; i++) await admin.assets.update({ id: asset.id, patch: { notes: `before ${i}` } });
    // Subscribers start and read their backlog while 30 more changes are committed.
    const subscribers: Subscriber[] = [];
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      if (i % 6 === 0) subscribers.push(subscribe(adminToken, { lastEventId: String(from) }));
      writes.push(admin.assets.update({ id: asset.id, patch: { notes: `during ${i}` } }));
      if (i % 3 === 2) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(writes);
    const all = await listEventsAfter(testApp.database.db, from, { limit: 100 });
    expect(all).toHaveLength(40);
    for (const s of subscribers) {
      await s.until((r) => r.length >= 40, 'every change');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(ids(s)).toEqual(all.map((e) => e.event.id));
    }
  });

  it('gives an employee only events about assets they hold, live and on resume', async () => {
    const { db } = testApp.database;
    const employee = await createUser(db);
    const colleague = await createUser(db);
    const bystander = await createUser(db);
    const [employeeToken, colleagueToken] = [
      await login(await testApp.caller(), employee),
      await login(await testApp.caller(), colleague),
    ];
    const mine = await createHeldAsset(db, employee.id);
    const theirs = await createHeldAsset(db, colleague.id);
    const nobodys = await createAsset(db);
    const start = await maxEventId(db);

    const touch = (id: string, notes: string) => admin.assets.update({ id, patch: { notes } });
    const mineLive = await liveSubscriber(employeeToken, () => touch(mine.id, 'sync'));
    const theirsLive = await liveSubscriber(colleagueToken, () => touch(theirs.id, 'sync'));

    // A mixed run of changes: to each holder's asset, to nobody's, new assets, a user change.
    await touch(theirs.id, 'theirs 1');
    await touch(mine.id, 'mine 1');
    await touch(nobodys.id, 'nobody 1');
    await admin.assets.create(assetFor('new-1'));
    await admin.assets.transition({ id: nobodys.id, to: 'in_maintenance', reason: 'check' });
    await touch(mine.id, 'mine 2');
    await admin.assets.transition({ id: mine.id, to: 'in_maintenance', reason: 'repair' });
    await admin.users.disable({ id: bystander.id });
    await admin.users.disable({ id: bystander.id, disabled: false });
    await touch(theirs.id, 'theirs 2');
    await admin.assets.transition({ id: nobodys.id, to: 'in_stock', reason: 'fine' });
    await admin.assets.transition({ id: theirs.id, to: 'in_maintenance', reason: 'repair' });
    await touch(mine.id, 'mine sentinel');
    await touch(theirs.id, 'theirs sentinel');

    await mineLive.until((r) => r.some((e) => e.data.after?.notes === 'mine sentinel'), 'mine sentinel');
    await theirsLive.until(
      (r) => r.some((e) => e.data.after?.notes === 'theirs sentinel'),
      'theirs sentinel',
    );

    const all = await listEventsAfter(db, start, { limit: 500 });
    const visibleTo = (userId: string) =>
      all.filter((s) => s.audience.includes(userId)).map((s) => s.event.id);
    expect(mineLive.received.every((r) => r.data.entityId === mine.id)).toBe(true);
    expect(ids(mineLive)).toEqual(visibleTo(employee.id));
    expect(ids(mineLive)).toHaveLength(5);
    expect(theirsLive.received.every((r) => r.data.entityId === theirs.id)).toBe(true);
    expect(ids(theirsLive)).toEqual(visibleTo(colleague.id));
    expect(ids(theirsLive)).toHaveLength(5);

    // The backlog path filters in SQL: a resume from the start sees the same events, no others.
    const resumed = subscribe(employeeToken, { lastEventId: String(start) });
    await resumed.until((r) => r.some((e) => e.data.after?.notes === 'mine sentinel'), 'resumed sentinel');
    expect(ids(resumed)).toEqual(visibleTo(employee.id));
  });

  it("ends a disabled user's live subscription: nothing after the disabling reaches them", async () => {
    const { db } = testApp.database;
    const employee = await createUser(db);
    const mine = await createHeldAsset(db, employee.id);
    const token = await login(await testApp.caller(), employee);
    const live = await liveSubscriber(token, () =>
      admin.assets.update({ id: mine.id, patch: { notes: 'sync' } }),
    );
    await admin.users.disable({ id: employee.id });
    await admin.assets.update({ id: mine.id, patch: { notes: 'after disabling' } });
    await expect.poll(() => live.errors.length, { timeout: 10_000 }).toBe(1);
    expect(live.errors[0]?.data?.code).toBe('FORBIDDEN');
    expect(live.errors[0]?.data).toMatchObject({ reason: 'ACCOUNT_DISABLED' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(live.received.map((r) => r.data.after?.notes)).not.toContain('after disabling');
  });

  it.each(['logout', 'expiry'] as const)(
    'ends the subscription and closes the socket within 5 s of a session %s',
    async (ending) => {
      const { db } = testApp.database;
      const employee = await createUser(db);
      const mine = await createHeldAsset(db, employee.id);
      const token = await login(await testApp.caller(), employee);
      const reason = await endUnderSubscription({
        wsUrl,
        token,
        sync: () => admin.assets.update({ id: mine.id, patch: { notes: 'sync' } }),
        end: async () => {
          if (ending === 'logout') await (await testApp.caller(token)).auth.logout();
          else {
            await db
              .updateTable('sessions')
              .set({ expires_at: new Date(Date.now() - 1_000) })
              .where('token_hash', '=', hashToken(token))
              .execute();
          }
        },
      });
      expect(reason).toBe('SESSION_EXPIRED');
    },
  );

  it("narrows a demoted manager's live subscription to what they hold", async () => {
    const { db } = testApp.database;
    const manager = await createUser(db, { role: 'manager' });
    const held = await createHeldAsset(db, manager.id);
    const other = await createAsset(db);
    const token = await login(await testApp.caller(), manager);
    const live = await liveSubscriber(token, () =>
      admin.assets.update({ id: other.id, patch: { notes: 'sync' } }),
    );
    await admin.users.setRole({ id: manager.id, role: 'employee' });
    await admin.assets.update({ id: other.id, patch: { notes: 'not theirs' } });
    await admin.assets.update({ id: held.id, patch: { notes: 'theirs' } });
    await live.until((r) => r.some((e) => e.data.after?.notes === 'theirs'), 'the held asset change');
    expect(live.received.map((r) => r.data.after?.notes)).not.toContain('not theirs');
  });

  it('refuses an anonymous subscription with UNAUTHORIZED, and an unknown token too', async () => {
    for (const token of [undefined, 'not-a-real-session-token']) {
      const s = subscribe(token);
      await expect.poll(() => s.errors.length, { timeout: 10_000 }).toBe(1);
      expect(s.errors[0]?.data?.code).toBe('UNAUTHORIZED');
      expect(s.received).toEqual([]);
    }
  });
});

describe('WebSocket origin check', () => {
  /** Opens a raw WebSocket with the given Origin; resolves to 'open' or the refusal's HTTP status. */
  function handshake(url: string, origin: string | undefined): Promise<'open' | number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, origin ? { headers: { Origin: origin } } : {});
      socket.once('open', () => {
        socket.close();
        resolve('open');
      });
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('error', (error) => reject(error));
    });
  }

  it('refuses a browser from another origin with 403 and accepts the same origin or no Origin', async () => {
    expect(await handshake(wsUrl, 'https://evil.example')).toBe(403);
    expect(await handshake(wsUrl, `http://127.0.0.1:${port}.evil.example`)).toBe(403);
    expect(await handshake(wsUrl, `http://127.0.0.1:${port}`)).toBe('open');
    expect(await handshake(wsUrl, undefined)).toBe('open');
  });

  it('accepts an origin listed in ITAM_ALLOWED_ORIGINS, and still no other', async () => {
    const second = await createServer(testConfig({ ITAM_ALLOWED_ORIGINS: 'https://itam.example' }), {
      database: testApp.database,
    });
    try {
      const url = `${(await second.start()).replace('http', 'ws')}/trpc`;
      expect(await handshake(url, 'https://itam.example')).toBe('open');
      expect(await handshake(url, 'https://evil.example')).toBe(403);
    } finally {
      await second.stop();
    }
  });
});

function assetFor(label: string) {
  const tag = `LIVE-${label}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
  return { tag, name: `Live ${label}`, type: 'monitor' as const };
}
