/**
 * Whatever a client sends, the server answers 4xx with a machine-readable reason, never 5xx,
 * and writes nothing. Every procedure of the router gets malformed inputs over real HTTP as an
 * authenticated admin: wrong types, unknown keys, missing fields, oversized strings, bad ids and
 * limits, huge numbers, broken JSON, and values the schemas pass but the database cannot store.
 */
import { insertLicense, insertMaintenance, insertSeats, setMaintenanceStatus } from '@itam/db';
import { isIdempotentMutation } from '@itam/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { schemaOf } from '../src/parse.ts';
import { appRouter } from '../src/router.ts';
import { countEvents, createAsset, createUser, login, type TestUser, unique } from './factories.ts';
import { openTestApp, type TestApp } from './harness.ts';

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.ZodType[] };
}
/** Every procedure by its dotted path: flat at run time, though its type is the nested record. */
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;

interface Fixtures {
  admin: TestUser;
  bystander: TestUser;
  assetId: string;
  /** Retired: a check-out of it is refused. */
  retiredAssetId: string;
  /** Expired and with a seat history: seat changes and removal are refused. */
  licenseId: string;
  /** Completed: every further move is refused. */
  maintenanceId: string;
}

/**
 * A valid input per procedure, the starting point of the malformed ones. Where a valid variant
 * could write, the base makes it fail on a rule instead (a taken username), so only a refused
 * input can ever reach the database.
 */
const BASE: Record<string, (f: Fixtures) => unknown> = {
  'auth.signUp': (f) => ({
    username: f.bystander.username,
    email: 'new@example.test',
    password: 'long enough pw',
  }),
  'auth.login': (f) => ({ username: f.bystander.username, password: 'wrong password' }),
  'auth.logout': () => undefined,
  'auth.me': () => undefined,
  // A name an account has already: the valid variant is refused (USERNAME_TAKEN), creating nobody.
  'tokens.create': (f) => ({
    name: f.bystander.username,
    role: 'read-only',
    expiresAt: '2099-01-01T00:00:00Z',
  }),
  'tokens.list': () => undefined,
  'tokens.revoke': () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  'users.list': () => ({
    q: 'a',
    role: 'employee',
    status: 'active',
    sort: 'newest',
    cursor: null,
    limit: 10,
  }),
  'users.setRole': (f) => ({ id: f.bystander.id, role: 'employee' }),
  'users.disable': (f) => ({ id: f.bystander.id, disabled: false }),
  'assets.list': (f) => ({
    stage: ['in_stock'],
    type: ['laptop'],
    holderId: f.bystander.id,
    q: 'lap',
    sort: 'name',
    cursor: null,
    limit: 10,
  }),
  'assets.get': (f) => ({ id: f.assetId }),
  'assets.create': () => ({
    tag: unique('NEW').toUpperCase(),
    name: 'New laptop',
    model: 'T14',
    type: 'laptop',
    serialNumber: 'SN1',
    condition: 'good',
    stage: 'in_stock',
    purchaseDate: '2024-01-31',
    purchaseCost: 999.99,
    warrantyEnd: '2027-01-31',
    location: 'Berlin',
    notes: 'none',
  }),
  'assets.update': (f) => ({
    id: f.assetId,
    patch: { name: 'Renamed', location: 'Lisbon', purchaseCost: 5 },
  }),
  'assets.transition': (f) => ({ id: f.assetId, to: 'in_maintenance', reason: 'broken hinge' }),
  'assets.history': (f) => ({ id: f.assetId, cursor: null, limit: 10 }),
  'assets.remove': (f) => ({ id: f.assetId }),
  'events.list': (f) => ({
    entity: 'asset',
    entityId: f.assetId,
    actorId: f.admin.id,
    type: 'asset.checked_out',
    order: 'oldest',
    from: '2024-01-01T00:00:00Z',
    to: '2099-01-01T00:00:00Z',
    cursor: null,
    limit: 10,
  }),
  'events.onChange': (f) => ({ lastEventId: '0', entity: 'asset', entityId: f.assetId }),
  'assignments.checkOut': (f) => ({
    assetId: f.retiredAssetId,
    userId: f.bystander.id,
    expectedReturn: '2030-01-31',
    note: 'for the trip',
  }),
  'assignments.bulkCheckOut': (f) => ({
    assetIds: [f.retiredAssetId],
    userId: f.bystander.id,
    expectedReturn: '2030-01-31',
    note: 'for the trip',
  }),
  'assignments.checkIn': (f) => ({ assetId: f.assetId, note: 'returned', condition: 'good' }),
  'assignments.list': (f) => ({
    userId: f.bystander.id,
    assetId: f.assetId,
    state: 'open',
    cursor: null,
    limit: 10,
  }),
  'licenses.list': () => ({ q: 'office', expiringWithinDays: 30, sort: 'expiry', cursor: null, limit: 10 }),
  'licenses.get': (f) => ({ id: f.licenseId }),
  'licenses.create': () => ({
    name: 'Office',
    vendor: 'Vendor',
    productKey: 'KEY-1',
    seats: 5,
    purchaseDate: '2024-01-01',
    purchaseCost: 100,
    expiryDate: '2030-01-01',
    renewalCost: 100,
    renewalNotes: 'yearly',
  }),
  'licenses.update': (f) => ({ id: f.licenseId, patch: { seats: 1, vendor: 'Vendor', productKey: 'KEY-2' } }),
  'licenses.remove': (f) => ({ id: f.licenseId }),
  'licenses.assignSeat': (f) => ({ licenseId: f.licenseId, userId: f.bystander.id, assetId: f.assetId }),
  'licenses.assignSeats': (f) => ({ licenseId: f.licenseId, userIds: [f.bystander.id] }),
  'licenses.releaseSeat': (f) => ({ licenseId: f.licenseId, userId: f.admin.id }),
  'maintenance.list': (f) => ({
    assetId: f.assetId,
    status: ['scheduled'],
    type: ['repair'],
    overdue: true,
    sort: 'scheduled',
    cursor: null,
    limit: 10,
  }),
  'maintenance.schedule': (f) => ({
    assetId: f.retiredAssetId,
    scheduledFor: '2030-01-01',
    type: 'repair',
    details: 'new screen',
    cost: 10,
  }),
  'maintenance.start': (f) => ({ id: f.maintenanceId, note: 'starting' }),
  'maintenance.complete': (f) => ({ id: f.maintenanceId, note: 'done', cost: 5 }),
  'maintenance.cancel': (f) => ({ id: f.maintenanceId, note: 'no longer needed' }),
  'compliance.report': () => ({ today: '2026-01-01' }),
  'compliance.overview': () => ({ today: '2026-01-01' }),
  'me.holdings': () => undefined,
  'webhooks.list': () => undefined,
  // A URL the domain refuses: every variant the schema lets through is refused before a write.
  'webhooks.create': () => ({
    url: 'ftp://example.com/hook',
    eventTypes: ['asset.*', 'license.created'],
    description: 'CMDB sync',
    active: true,
  }),
  'webhooks.update': (f) => ({
    id: f.assetId,
    patch: { url: 'ftp://example.com/hook', eventTypes: ['*'], description: 'CMDB sync', active: false },
  }),
  // Ids of no webhook: NOT_FOUND before any write.
  'webhooks.remove': (f) => ({ id: f.assetId }),
  'webhooks.rotateSecret': (f) => ({ id: f.assetId }),
  'webhooks.deliveries': (f) => ({ webhookId: f.assetId, status: 'failed', cursor: null, limit: 10 }),
  'webhooks.redeliver': () => ({ id: '987654321' }),
  'notifications.list': () => ({ unread: true, cursor: null, limit: 10 }),
  'notifications.unreadCount': () => undefined,
  'notifications.markRead': () => ({ ids: ['1', '2'] }),
  'notifications.onNew': () => ({ lastEventId: '0' }),
};

/** The base input, with an idempotency key where the procedure takes one: malformed keys are tried too. */
function baseOf(path: string, f: Fixtures): unknown {
  const base = BASE[path]!(f);
  return isIdempotentMutation(path) ? { ...(base as object), idempotencyKey: `no-500-${path}` } : base;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONG = 'x'.repeat(10_000);

interface Variant {
  label: string;
  /** A JSON value to encode, or `raw` text sent as is. */
  input?: unknown;
  raw?: string;
}

/** Leaf paths of an input: keys of objects, recursively; arrays are leaves. */
function leaves(value: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [{ path, value }];
}

function setAt(base: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}
const REMOVE = Symbol('remove');

/** Inputs the procedure's schema refuses: each must be answered 4xx. */
function invalidVariants(base: unknown, schema: z.ZodType): Variant[] {
  const variants: Variant[] = [
    { label: 'a string', input: 'hello' },
    { label: 'a number', input: 42 },
    { label: 'a boolean', input: true },
    { label: 'an array', input: [base] },
    { label: 'null', input: null },
    { label: 'an unknown key', input: { ...(base as object), isAdmin: true } },
    { label: 'a __proto__ key', raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(base).slice(1)}` },
    { label: 'invalid JSON', raw: '{"id": ' },
    {
      label: 'a JSON number too big for a double',
      raw: JSON.stringify(base).replace(/}$/, ',"limit":1e999}'),
    },
  ];
  for (const { path, value } of leaves(base)) {
    const at = path.join('.');
    const put = (label: string, v: unknown) =>
      variants.push({ label: `${at}: ${label}`, input: setAt(base, path, v) });
    if (schema.safeParse(setAt(base, path, REMOVE)).success === false) put('missing', REMOVE);
    if (path.length > 1) {
      variants.push({
        label: `${path.slice(0, -1).join('.')}: an unknown key`,
        input: setAt(base, [...path.slice(0, -1), 'isAdmin'], true),
      });
    }
    if (typeof value === 'string') {
      put('a number', 12345);
      put('an object', { $ne: null });
      put('an array', [value]);
      put('10,000 characters', LONG);
      // An id field, not free text that happens to hold an id (events.list's entityId).
      if (UUID.test(value) && !schema.safeParse(setAt(base, path, 'not-a-uuid')).success) {
        for (const bad of [
          'not-a-uuid',
          '12345',
          `${value.slice(0, -1)}g`,
          "' or 1=1 --",
          value.replace(/-/g, ''),
        ]) {
          put(`non-UUID ${JSON.stringify(bad)}`, bad);
        }
      }
    } else if (typeof value === 'number') {
      put('a string', String(value));
      for (const n of [-1, 0.001, 1e308, -1e308]) put(String(n), n);
      if (path.at(-1) === 'limit') for (const n of [0, 1.5, 201, 2 ** 53 + 2]) put(String(n), n);
      variants.push({
        label: `${at}: 1e999 (Infinity once parsed)`,
        raw: JSON.stringify(setAt(base, path, '__HUGE__')).replace('"__HUGE__"', '1e999'),
      });
    } else if (typeof value === 'boolean') {
      put('a string', String(value));
      put('a number', 1);
    } else if (Array.isArray(value)) {
      put('a bare string', value[0]);
      put('an unknown member', ['nope']);
      put('a number member', [1]);
      // Above every list's maximum (the largest is 500 user ids for bulk seat assignment), yet
      // short enough for a query string.
      put(
        '501 members',
        Array.from({ length: 501 }, () => value[0]),
      );
    } else if (value === null) {
      put('a number', 7);
      put('an object', {});
    }
  }
  for (const v of variants) {
    if (v.raw === undefined)
      expect(schema.safeParse(v.input).success, `${v.label} is not malformed`).toBe(false);
  }
  return variants;
}

/**
 * Inputs the schemas pass but the database cannot store or compare: a NUL character in text,
 * the year 0 (PostgreSQL has none), an event id beyond bigint. Each must be a 4xx, or a success
 * that writes nothing.
 */
function unstorableVariants(base: unknown): Variant[] {
  const variants: Variant[] = [];
  for (const { path, value } of leaves(base)) {
    const at = path.join('.');
    const put = (label: string, v: unknown) =>
      variants.push({ label: `${at}: ${label}`, input: setAt(base, path, v) });
    if (typeof value === 'string') {
      put('a NUL character', `${value}\u0000x`);
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) put('the year 0', '0000-06-15');
      if (/^\d{4}-\d{2}-\d{2}T/.test(value)) put('the year 0', '0000-06-15T00:00:00Z');
      if (path.at(-1) === 'lastEventId') put('beyond bigint', '9999999999999999999');
    }
    if (path.at(-1) === 'cursor') {
      put('a cursor holding a NUL', Buffer.from(JSON.stringify(['users', '\u0000'])).toString('base64url'));
    }
  }
  return variants;
}

let testApp: TestApp;
let baseUrl: string;
let fixtures: Fixtures;
let adminToken: string;

beforeAll(async () => {
  testApp = await openTestApp();
  baseUrl = await testApp.start();
  const { db } = testApp.database;
  const admin = await createUser(db, { role: 'admin' });
  const bystander = await createUser(db);
  const license = await insertLicense(db, { name: 'Expired suite', seats: 1, expiryDate: '2020-01-01' });
  await db.transaction().execute((trx) => insertSeats(trx, license.license.id, [{ userId: bystander.id }]));
  const maintenanceAsset = await createAsset(db);
  const done = await insertMaintenance(db, {
    assetId: maintenanceAsset.id,
    type: 'repair',
    scheduledFor: '2024-01-01',
    details: 'done long ago',
  });
  await db.transaction().execute(async (trx) => {
    await setMaintenanceStatus(trx, done.id, 'in_progress');
    await setMaintenanceStatus(trx, done.id, 'completed');
  });
  fixtures = {
    admin,
    bystander,
    assetId: (await createAsset(db)).id,
    retiredAssetId: (await createAsset(db, { stage: 'retired' })).id,
    licenseId: license.license.id,
    maintenanceId: done.id,
  };
  adminToken = await login(await testApp.caller(), admin);
});

afterAll(async () => {
  await testApp?.close();
});

interface Answer {
  status: number;
  reason: unknown;
  text: string;
}

/** Sends one variant the way a client would for this procedure type, and reads the answer. */
async function send(path: string, type: ProcedureDef['_def']['type'], variant: Variant, token: string) {
  const body = variant.raw ?? JSON.stringify(variant.input);
  const headers = { authorization: `Bearer ${token}` };
  if (type === 'mutation') {
    const res = await fetch(`${baseUrl}/trpc/${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    return answer(res.status, await res.text());
  }
  const url = `${baseUrl}/trpc/${path}?input=${encodeURIComponent(body)}`;
  if (type === 'query') {
    const res = await fetch(url, { headers });
    return answer(res.status, await res.text());
  }
  return readSubscription(url, headers);
}

function answer(status: number, text: string): Answer {
  let reason: unknown;
  try {
    reason = JSON.parse(text).error?.data?.reason;
  } catch {
    reason = undefined;
  }
  return { status, reason, text: text.slice(0, 500) };
}

/**
 * A subscription over HTTP is a server-sent event stream that opens with 200 and reports a
 * refused input as its first `serialized-error` event; a stream that stays quiet was accepted.
 */
async function readSubscription(url: string, headers: Record<string, string>): Promise<Answer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 1_500);
  let text = '';
  try {
    const res = await fetch(url, { headers, signal: abort.signal });
    if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
      return answer(res.status, await res.text());
    }
    const decoder = new TextDecoder();
    for await (const chunk of res.body!) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      const error = text.match(/event: serialized-error\ndata: (.*)\n/);
      if (error) {
        const shape = JSON.parse(error[1]!);
        return { status: shape.data.httpStatus, reason: shape.data.reason, text: error[1]!.slice(0, 500) };
      }
      if (/\ndata: (?!\{\}\n)/.test(text.replace(/^event: connected\ndata: \{\}\n/m, ''))) break;
    }
    return { status: res.status, reason: undefined, text };
  } catch (error) {
    if (abort.signal.aborted) return { status: 200, reason: undefined, text: `${text}(quiet)` };
    throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

async function userCount(): Promise<number> {
  const { n } = await testApp.database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

describe('no malformed input gets a 5xx', () => {
  it('has a base input for every procedure', () => {
    expect(Object.keys(BASE).sort()).toEqual(Object.keys(procedures).sort());
  });

  const withInput = Object.keys(procedures).filter((path) => procedures[path]!._def.inputs.length > 0);
  const withoutInput = Object.keys(procedures).filter((path) => procedures[path]!._def.inputs.length === 0);

  it.each(withInput)(
    '%s answers every malformed input with 4xx and a reason, writing nothing',
    async (path) => {
      const procedure = procedures[path]!;
      const base = baseOf(path, fixtures);
      const schema = schemaOf(procedure._def.inputs[0]);
      expect(schema.safeParse(base).success, 'the base input is valid').toBe(true);
      const events = await countEvents(testApp.database.db);
      const users = await userCount();
      const variants = invalidVariants(base, schema);
      expect(variants.length).toBeGreaterThan(12);
      const wrong: string[] = [];
      for (const variant of variants) {
        const res = await send(path, procedure._def.type, variant, adminToken);
        if (res.status < 400 || res.status >= 500 || typeof res.reason !== 'string') {
          wrong.push(`${variant.label}: ${res.status} ${res.text}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await countEvents(testApp.database.db)).toBe(events);
      expect(await userCount()).toBe(users);
    },
  );

  it.each(withInput)(
    '%s answers values the database cannot store without a 5xx, writing nothing',
    async (path) => {
      const procedure = procedures[path]!;
      const events = await countEvents(testApp.database.db);
      const wrong: string[] = [];
      for (const variant of unstorableVariants(baseOf(path, fixtures))) {
        const res = await send(path, procedure._def.type, variant, adminToken);
        const refusedWithReason = res.status >= 400 && res.status < 500 && typeof res.reason === 'string';
        const harmlessSuccess = res.status === 200 && procedure._def.type !== 'mutation';
        if (!refusedWithReason && !harmlessSuccess) wrong.push(`${variant.label}: ${res.status} ${res.text}`);
      }
      expect(wrong).toEqual([]);
      expect(await countEvents(testApp.database.db)).toBe(events);
    },
  );

  // These take no input, so tRPC never parses one: whatever is sent is ignored.
  it.each(withoutInput)('%s ignores any input it is sent, and never answers 5xx', async (path) => {
    const procedure = procedures[path]!;
    const variants = invalidVariants({ id: fixtures.assetId }, {
      safeParse: () => ({ success: false }),
    } as unknown as z.ZodType);
    for (const variant of variants) {
      // auth.logout ends the session it is called with: give each call its own.
      const token =
        procedure._def.type === 'mutation' ? await login(await testApp.caller(), fixtures.admin) : adminToken;
      const res = await send(path, procedure._def.type, variant, token);
      expect(res.status, `${variant.label}: ${res.text}`).toBe(200);
    }
  });
});
