/**
 * Product keys never reach an employee. An employee who holds seats calls every query over HTTP
 * and listens to `events.onChange` over a raw WebSocket while staff create licenses with keys,
 * change keys, and give and take the employee's seats; no response body and no frame may contain
 * a key or a key field. Events carry no keys for anyone. Staff do get keys from licenses.get and
 * licenses.list, and the database column holds them sealed, never in plain text.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appRouter } from '../src/router.ts';
import { createAsset, createUser, login, maxEventId, type TestUser, unique } from './factories.ts';
import { type Caller, openTestApp, type TestApp } from './harness.ts';
import { bearer, type TrpcHttp, trpcHttp } from './http.ts';

let testApp: TestApp;
let baseUrl: string;
let admin: Caller;
let adminToken: string;
let employeeUser: TestUser;
let employeeToken: string;
let http: TrpcHttp;
const sockets: WebSocket[] = [];

/** Every product key this file ever stores. */
const KEYS: string[] = [];
function newKey(): string {
  const key = `PK-${randomUUID().toUpperCase()}`;
  KEYS.push(key);
  return key;
}

const KEY_FIELD = /productKey|product_key/i;

const db = () => testApp.database.db;

beforeAll(async () => {
  testApp = await openTestApp();
  baseUrl = await testApp.start();
  http = trpcHttp(baseUrl);
  const adminUser = await createUser(db(), { role: 'admin' });
  employeeUser = await createUser(db(), { role: 'employee' });
  const anonymous = await testApp.caller();
  adminToken = await login(anonymous, adminUser);
  employeeToken = await login(anonymous, employeeUser);
  admin = await testApp.caller(adminToken);
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await testApp?.close();
});

interface RawStream {
  /** Every frame the server sent, as received. */
  frames: string[];
  /** Ids of the events received. */
  eventIds(): string[];
}

/** A subscription to events.onChange spoken by hand over `ws`, keeping every raw frame. */
async function rawSubscribe(token: string): Promise<RawStream> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/trpc`, { headers: bearer(token) });
  sockets.push(socket);
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(data.toString()));
  await once(socket, 'open');
  socket.send(
    JSON.stringify({ id: 1, method: 'subscription', params: { path: 'events.onChange', input: {} } }),
  );
  const parsed = () => frames.map((f) => JSON.parse(f));
  await expect
    .poll(() => parsed().some((m) => m.result?.type === 'started'), { timeout: 10_000, interval: 20 })
    .toBe(true);
  expect(parsed().filter((m) => m.error)).toEqual([]);
  return {
    frames,
    eventIds: () => parsed().flatMap((m) => (m.result?.type === 'data' ? [String(m.result.id)] : [])),
  };
}

/** Ids of events after `afterId` that `userId` is in the audience of (or all of them). */
async function eventIdsAfter(afterId: number, userId?: string): Promise<string[]> {
  const rows = await db()
    .selectFrom('events')
    .select(['id', 'audience'])
    .where('id', '>', afterId)
    .orderBy('id')
    .execute();
  return rows.filter((r) => !userId || r.audience.includes(userId)).map((r) => String(r.id));
}

function expectNoKeys(texts: readonly string[], who: string) {
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) {
    for (const key of KEYS) expect(text, `${who} received a product key`).not.toContain(key);
    expect(text, `${who} received a key field`).not.toMatch(KEY_FIELD);
  }
}

describe('product keys and employees', () => {
  let held: { id: string }[] = [];
  let notHeld: string;
  let heldAsset: string;

  it('never sends a key to an employee, in any response or live event', async () => {
    const employeeStream = await rawSubscribe(employeeToken);
    const staffStream = await rawSubscribe(adminToken);
    // Both streams demonstrably live: an event about the employee's new laptop reaches both.
    const start = await maxEventId(db());
    heldAsset = (await createAsset(db())).id;
    await admin.assignments.checkOut({ assetId: heldAsset, userId: employeeUser.id });
    const sync = await eventIdsAfter(start);
    await expect.poll(() => employeeStream.eventIds(), { timeout: 10_000 }).toEqual(sync);
    await expect.poll(() => staffStream.eventIds(), { timeout: 10_000 }).toEqual(sync);

    // A run of license changes with keys, with the employee's seats in the middle of it.
    const other = await createUser(db());
    const one = await admin.licenses.create({ name: unique('Office'), seats: 3, productKey: newKey() });
    const two = await admin.licenses.create({ name: unique('CAD'), seats: 2, productKey: newKey() });
    const three = await admin.licenses.create({ name: unique('IDE'), seats: 1, productKey: newKey() });
    const four = await admin.licenses.create({ name: unique('Hidden'), seats: 1, productKey: newKey() });
    await admin.licenses.assignSeat({ licenseId: one.id, userId: employeeUser.id });
    await admin.licenses.update({ id: one.id, patch: { productKey: newKey() } });
    await admin.licenses.update({ id: one.id, patch: { vendor: 'Acme', seats: 4, productKey: newKey() } });
    await admin.licenses.assignSeats({ licenseId: two.id, userIds: [employeeUser.id, other.id] });
    await admin.licenses.releaseSeat({ licenseId: two.id, userId: employeeUser.id });
    await admin.licenses.assignSeat({ licenseId: two.id, userId: employeeUser.id });
    await admin.licenses.update({
      id: two.id,
      patch: { productKey: newKey(), renewalNotes: 'Renew in May' },
    });
    await admin.licenses.assignSeat({ licenseId: three.id, userId: employeeUser.id, assetId: heldAsset });
    await admin.licenses.update({ id: three.id, patch: { productKey: newKey() } });
    await admin.licenses.assignSeat({ licenseId: four.id, userId: other.id });
    const removable = await admin.licenses.create({ name: unique('Trial'), seats: 1, productKey: newKey() });
    await admin.licenses.remove({ id: removable.id });
    held = [one, two, three];
    notHeld = four.id;

    // Every event the employee may see arrives, and every event at all reaches staff.
    const mine = await eventIdsAfter(start, employeeUser.id);
    expect(mine.length).toBeGreaterThanOrEqual(5);
    await expect.poll(() => employeeStream.eventIds(), { timeout: 10_000 }).toEqual(mine);
    const all = await eventIdsAfter(start);
    await expect.poll(() => staffStream.eventIds(), { timeout: 10_000 }).toEqual(all);

    // Every query an employee can call, with inputs that reach license data where it has any.
    const employeeHttp = trpcHttp(baseUrl);
    const auth = bearer(employeeToken);
    const QUERIES: Record<string, { input: unknown; status: number }[]> = {
      'auth.me': [{ input: undefined, status: 200 }],
      'users.list': [{ input: {}, status: 403 }],
      'assets.list': [{ input: {}, status: 200 }],
      'assets.get': [{ input: { id: heldAsset }, status: 200 }],
      'assets.history': [{ input: { id: heldAsset }, status: 403 }],
      'events.list': [
        { input: {}, status: 403 },
        { input: { entity: 'license', entityId: one.id }, status: 403 },
      ],
      'assignments.list': [{ input: {}, status: 200 }],
      'licenses.list': [
        { input: {}, status: 200 },
        { input: { q: one.name }, status: 200 },
      ],
      'licenses.get': [
        ...held.map((l) => ({ input: { id: l.id }, status: 200 })),
        { input: { id: notHeld }, status: 404 },
      ],
      'maintenance.list': [{ input: {}, status: 200 }],
      'compliance.report': [{ input: {}, status: 403 }],
      'compliance.overview': [{ input: {}, status: 403 }],
      'me.holdings': [{ input: undefined, status: 200 }],
      'webhooks.list': [{ input: undefined, status: 403 }],
      'webhooks.deliveries': [{ input: { webhookId: heldAsset }, status: 403 }],
      'notifications.list': [{ input: {}, status: 200 }],
      'notifications.unreadCount': [{ input: undefined, status: 200 }],
      'tokens.list': [{ input: undefined, status: 403 }],
    };
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    const queries = Object.keys(procedures).filter((p) => procedures[p]!._def.type === 'query');
    expect(Object.keys(QUERIES).sort()).toEqual(queries.sort());
    for (const [path, calls] of Object.entries(QUERIES)) {
      for (const { input, status } of calls) {
        const res = await employeeHttp.query(path, input, auth);
        expect(res.status, `${path} ${JSON.stringify(input)}`).toBe(status);
      }
    }
    // The employee does see the licenses they hold, just not their keys.
    const list = await employeeHttp.query('licenses.list', {}, auth);
    expect(list.data.items.map((l: { id: string }) => l.id).sort()).toEqual(held.map((l) => l.id).sort());
    const holdings = await employeeHttp.query('me.holdings', undefined, auth);
    expect(holdings.data.seats.map((s: { license: { id: string } }) => s.license.id).sort()).toEqual(
      held.map((l) => l.id).sort(),
    );

    expectNoKeys(employeeHttp.bodies, 'the employee over HTTP');
    expectNoKeys(employeeStream.frames, 'the employee live');
    // Events carry no key for anyone: staff streams included.
    expectNoKeys(staffStream.frames, 'staff live');
    const staffEvents = await http.query('events.list', { limit: 200 }, bearer(adminToken));
    expectNoKeys([staffEvents.text], 'staff through events.list');
  });

  it('gives staff the current key from licenses.get and licenses.list', async () => {
    const [one, two, three] = held as [{ id: string }, { id: string }, { id: string }];
    // The last key stored on each license (created, then changed: see the run above).
    const latest = { [one.id]: KEYS[5]!, [two.id]: KEYS[6]!, [three.id]: KEYS[7]! };
    for (const [id, key] of Object.entries(latest)) {
      expect((await admin.licenses.get({ id })).license).toMatchObject({ id, productKey: key });
      const res = await http.query('licenses.get', { id }, bearer(adminToken));
      expect(res.data.license.productKey).toBe(key);
    }
    const { items } = await admin.licenses.list({ limit: 200 });
    for (const [id, key] of Object.entries(latest)) {
      expect(items.find((l) => l.id === id)).toMatchObject({ productKey: key });
    }
    expect(items.find((l) => l.id === notHeld)).toMatchObject({ productKey: KEYS[3] });
  });

  it('keeps no plain key in the database: the column holds it sealed, and events hold none', async () => {
    const rows = await db().selectFrom('licenses').select(['id', 'product_key_encrypted']).execute();
    const sealed = rows.flatMap((r) => (r.product_key_encrypted ? [r.product_key_encrypted] : []));
    expect(sealed.length).toBeGreaterThanOrEqual(4);
    for (const value of sealed) {
      for (const key of KEYS) {
        expect(value).not.toContain(key);
        expect(value).not.toContain(Buffer.from(key).toString('base64'));
      }
      expect(value).toMatch(/^v1\./);
      // And it is the key, sealed: the server's keyring opens it to one of the keys stored.
      expect(KEYS).toContain(testApp.services.keyring.open(value));
    }
    const events = await db().selectFrom('events').select(['before', 'after', 'reason']).execute();
    expectNoKeys(
      events.map((e) => JSON.stringify(e)),
      'the events table',
    );
  });
});
