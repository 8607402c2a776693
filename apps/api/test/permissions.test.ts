/**
 * Who may call what, as a table over every procedure of the router. A procedure added without a
 * row fails the first test, so nobody ships an endpoint whose gate nobody decided.
 */
import {
  insertApiToken,
  insertLicense,
  insertMaintenance,
  insertNotifications,
  insertWebhook,
} from '@itam/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/router.ts';
import {
  assetInput,
  countEvents,
  createAsset,
  createHeldAsset,
  createUser,
  login,
  type TestUser,
  unique,
} from './factories.ts';
import { type Caller, callPath, openTestApp, type TestApp } from './harness.ts';

/** Every procedure by its dotted path: flat at run time, though its type is the nested record. */
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;

const WHO = ['anonymous', 'employee', 'manager', 'admin'] as const;
type Who = (typeof WHO)[number];
type Outcome = 'allow' | 'deny';

interface Fixtures {
  users: Record<Exclude<Who, 'anonymous'>, TestUser>;
  /** Held by the employee. */
  employeeAsset: { id: string };
  /** A user whose role and status the allowed calls leave as they were. */
  bystander: TestUser;
  testApp: TestApp;
}

interface Row {
  /** A valid input; called once per caller, so it may create what it needs. */
  input: (f: Fixtures) => unknown;
  expect: Record<Who, Outcome>;
  /** The call ends the session it is made with: use a new login, not the shared token. */
  consumesSession?: true;
}

const everyone = { anonymous: 'allow', employee: 'allow', manager: 'allow', admin: 'allow' } as const;
const signedIn = { anonymous: 'deny', employee: 'allow', manager: 'allow', admin: 'allow' } as const;
const staff = { anonymous: 'deny', employee: 'deny', manager: 'allow', admin: 'allow' } as const;
const adminOnly = { anonymous: 'deny', employee: 'deny', manager: 'deny', admin: 'allow' } as const;

const PROCEDURES: Record<string, Row> = {
  'auth.signUp': {
    expect: everyone,
    input: () => {
      const username = unique('signup');
      return { username, email: `${username}@example.test`, password: 'a long enough password' };
    },
  },
  'auth.login': {
    expect: everyone,
    input: (f) => ({ username: f.users.employee.username, password: f.users.employee.password }),
  },
  'auth.logout': { expect: signedIn, input: () => undefined, consumesSession: true },
  'auth.me': { expect: signedIn, input: () => undefined },

  'users.list': { expect: staff, input: () => ({}) },
  'users.setRole': { expect: adminOnly, input: (f) => ({ id: f.bystander.id, role: 'employee' }) },
  'users.disable': { expect: adminOnly, input: (f) => ({ id: f.bystander.id, disabled: false }) },

  'assets.list': { expect: signedIn, input: () => ({}) },
  'assets.get': { expect: signedIn, input: (f) => ({ id: f.employeeAsset.id }) },
  'assets.create': { expect: staff, input: () => assetInput() },
  'assets.update': {
    expect: staff,
    input: async (f) => ({
      id: (await createAsset(f.testApp.database.db)).id,
      patch: { location: 'Room 101' },
    }),
  },
  'assets.transition': {
    expect: staff,
    input: async (f) => ({
      id: (await createAsset(f.testApp.database.db)).id,
      to: 'in_maintenance',
      reason: 'Fan noise',
    }),
  },
  'assets.remove': {
    expect: staff,
    input: async (f) => ({ id: (await createAsset(f.testApp.database.db)).id }),
  },
  'assets.history': { expect: staff, input: (f) => ({ id: f.employeeAsset.id }) },

  'events.list': { expect: staff, input: () => ({}) },
  // From the first event: every allowed caller has at least one event it may see in the backlog.
  'events.onChange': { expect: signedIn, input: () => ({ lastEventId: '0' }) },

  'assignments.checkOut': {
    expect: staff,
    input: async (f) => ({ assetId: (await createAsset(f.testApp.database.db)).id, userId: f.bystander.id }),
  },
  'assignments.bulkCheckOut': {
    expect: staff,
    input: async (f) => ({
      assetIds: [(await createAsset(f.testApp.database.db)).id],
      userId: f.bystander.id,
    }),
  },
  'assignments.checkIn': {
    expect: staff,
    input: async (f) => ({ assetId: (await createHeldAsset(f.testApp.database.db, f.bystander.id)).id }),
  },
  'assignments.list': { expect: signedIn, input: () => ({}) },

  'licenses.list': { expect: signedIn, input: () => ({}) },
  'licenses.get': { expect: signedIn, input: async (f) => ({ id: await newLicense(f) }) },
  'licenses.create': {
    expect: staff,
    input: () => ({ name: unique('License'), seats: 3, productKey: 'K-1' }),
  },
  'licenses.update': {
    expect: staff,
    input: async (f) => ({ id: await newLicense(f), patch: { vendor: 'Acme' } }),
  },
  'licenses.remove': { expect: staff, input: async (f) => ({ id: await newLicense(f) }) },
  'licenses.assignSeat': {
    expect: staff,
    input: async (f) => ({ licenseId: await newLicense(f), userId: f.bystander.id }),
  },
  'licenses.assignSeats': {
    expect: staff,
    input: async (f) => ({ licenseId: await newLicense(f), userIds: [f.bystander.id] }),
  },
  'licenses.releaseSeat': {
    expect: staff,
    input: async (f) => ({ licenseId: await newLicense(f), userId: f.bystander.id }),
  },

  'maintenance.list': { expect: signedIn, input: () => ({}) },
  'maintenance.schedule': {
    expect: staff,
    input: async (f) => ({
      assetId: (await createAsset(f.testApp.database.db)).id,
      scheduledFor: '2030-01-01',
      type: 'inspection',
      details: 'yearly check',
    }),
  },
  'maintenance.start': { expect: staff, input: async (f) => ({ id: await newMaintenance(f) }) },
  'maintenance.complete': { expect: staff, input: async (f) => ({ id: await newMaintenance(f) }) },
  'maintenance.cancel': { expect: staff, input: async (f) => ({ id: await newMaintenance(f) }) },

  'compliance.report': { expect: staff, input: () => ({}) },
  'compliance.overview': { expect: staff, input: () => ({}) },
  'me.holdings': { expect: signedIn, input: () => undefined },

  'webhooks.list': { expect: adminOnly, input: () => undefined },
  'webhooks.create': {
    expect: adminOnly,
    input: () => ({ url: 'http://127.0.0.1:9/hook', eventTypes: ['asset.*'], active: false }),
  },
  'webhooks.update': {
    expect: adminOnly,
    input: async (f) => ({ id: await newWebhook(f), patch: { description: 'renamed' } }),
  },
  'webhooks.remove': { expect: adminOnly, input: async (f) => ({ id: await newWebhook(f) }) },
  'webhooks.rotateSecret': { expect: adminOnly, input: async (f) => ({ id: await newWebhook(f) }) },
  'webhooks.deliveries': { expect: adminOnly, input: async (f) => ({ webhookId: await newWebhook(f) }) },
  'webhooks.redeliver': { expect: adminOnly, input: async (f) => ({ id: await newDelivery(f) }) },
  'notifications.list': { expect: signedIn, input: () => ({}) },
  'notifications.unreadCount': { expect: signedIn, input: () => undefined },
  'notifications.markRead': { expect: signedIn, input: () => ({ all: true }) },
  // From the first: every allowed caller has a notification of its own (see beforeAll).
  'notifications.onNew': { expect: signedIn, input: () => ({ lastEventId: '0' }) },
  'tokens.create': { expect: adminOnly, input: () => ({ name: unique('svc'), role: 'read-only' }) },
  'tokens.list': { expect: adminOnly, input: () => undefined },
  'tokens.revoke': {
    expect: adminOnly,
    // Inserted directly, with no event: setup, not the thing under test.
    input: async (f) => ({
      id: (
        await f.testApp.database.db.transaction().execute((trx) =>
          insertApiToken(trx, {
            name: unique('svc'),
            role: 'read-only',
            tokenHash: unique('hash'),
            expiresAt: null,
            createdBy: null,
          }),
        )
      ).apiToken.id,
    }),
  },
};

/** A quiet webhook (disabled, and starting after every event), inserted without an event. */
async function newWebhook(f: Fixtures): Promise<string> {
  const stored = await f.testApp.database.db.transaction().execute((trx) =>
    insertWebhook(trx, {
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['*'],
      description: null,
      active: false,
      secretEncrypted: f.testApp.services.keyring.seal('whsec_test'),
    }),
  );
  return stored.fields.id;
}

/** A delivery of the newest event to a quiet webhook: setup, not the thing under test. */
async function newDelivery(f: Fixtures): Promise<string> {
  const { db } = f.testApp.database;
  const webhookId = await newWebhook(f);
  const event = await db
    .selectFrom('events')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('webhook_deliveries')
    .values({ webhook_id: webhookId, event_id: event.id, status: 'failed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

async function newLicense(f: Fixtures): Promise<string> {
  return (await insertLicense(f.testApp.database.db, { name: unique('License'), seats: 5 })).license.id;
}

async function newMaintenance(f: Fixtures): Promise<string> {
  const asset = await createAsset(f.testApp.database.db);
  const record = await insertMaintenance(f.testApp.database.db, {
    assetId: asset.id,
    type: 'repair',
    scheduledFor: '2030-01-01',
    details: 'hinge',
  });
  return record.id;
}

let testApp: TestApp;
let fixtures: Fixtures;
const tokens: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  testApp = await openTestApp();
  const { db } = testApp.database;
  const users = {
    employee: await createUser(db, { role: 'employee' }),
    manager: await createUser(db, { role: 'manager' }),
    admin: await createUser(db, { role: 'admin' }),
  };
  const anonymous = await testApp.caller();
  for (const role of ['employee', 'manager', 'admin'] as const)
    tokens[role] = await login(anonymous, users[role]);
  const employeeAsset = await createHeldAsset(db, users.employee.id);
  // An event whose audience is the employee, so the employee's subscription has a backlog.
  const admin = await testApp.caller(tokens.admin);
  await admin.assets.update({ id: employeeAsset.id, patch: { notes: 'Issued with charger' } });
  // A notification for each signed-in role, so each one's notification stream has a backlog.
  await insertNotifications(
    db,
    Object.values(users).map((u) => ({
      recipientId: u.id,
      kind: 'overdue_return' as const,
      subject: { type: 'asset' as const, id: employeeAsset.id },
      dedupeKey: `permissions:${u.id}`,
      title: 'Please return it',
      body: 'It was due back yesterday.',
      payload: {},
    })),
  );
  fixtures = { users, employeeAsset, bystander: await createUser(db), testApp };
});

afterAll(async () => {
  await testApp?.close();
});

async function tokenFor(who: Who, row: Row): Promise<string | undefined> {
  if (who === 'anonymous') return undefined;
  if (!row.consumesSession) return tokens[who];
  return login(await testApp.caller(), fixtures.users[who]);
}

/** Reads the first value of a subscription, or gives up after `ms` (an allowed, quiet stream). */
async function firstValue(iterable: AsyncIterable<unknown>, ms: number): Promise<'value' | 'quiet'> {
  const iterator = iterable[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      iterator.next().then(() => 'value' as const),
      new Promise<'quiet'>((resolve) => {
        timer = setTimeout(() => resolve('quiet'), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Calls and reports how the gate answered: passed (whatever happened next), or refused with which code. */
async function attempt(
  path: string,
  who: Who,
  row: Row,
): Promise<{ gate: 'passed' | 'UNAUTHORIZED' | 'FORBIDDEN'; subscription?: 'value' | 'quiet' }> {
  const abort = new AbortController();
  const caller: Caller = await testApp.caller(await tokenFor(who, row), abort.signal);
  try {
    const result = await callPath(caller, path, await row.input(fixtures));
    if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
      return { gate: 'passed', subscription: await firstValue(result as AsyncIterable<unknown>, 2_000) };
    }
    return { gate: 'passed' };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') return { gate: error.code };
    return { gate: 'passed' };
  } finally {
    abort.abort();
  }
}

describe('the permission table', () => {
  it('has exactly one row per procedure of the router', () => {
    const paths = Object.keys(procedures).sort();
    const rows = Object.keys(PROCEDURES).sort();
    expect({
      missingRows: paths.filter((p) => !rows.includes(p)),
      rowsWithoutProcedure: rows.filter((r) => !paths.includes(r)),
    }).toEqual({ missingRows: [], rowsWithoutProcedure: [] });
  });

  const cases = Object.entries(PROCEDURES).flatMap(([path, row]) =>
    WHO.map((who) => ({ path, who, row, outcome: row.expect[who] })),
  );

  it.each(cases)('$path as $who: $outcome', async ({ path, who, row, outcome }) => {
    const before = await countEvents(testApp.database.db);
    const result = await attempt(path, who, row);
    if (outcome === 'deny') {
      expect(result.gate).toBe(who === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN');
      // A refused call leaves no trace: the gate runs before anything is written.
      expect(await countEvents(testApp.database.db)).toBe(before);
    } else {
      expect(result.gate).toBe('passed');
      if (procedures[path]?._def.type === 'subscription') {
        expect(result.subscription).toBe('value');
      }
    }
  });
});

describe('record-level scope for employees', () => {
  let employee: Caller;
  let own: { id: string };
  let others: { id: string };
  let other: TestUser;

  beforeAll(async () => {
    const { db } = testApp.database;
    other = await createUser(db);
    own = await createHeldAsset(db, fixtures.users.employee.id);
    others = await createHeldAsset(db, other.id);
    await createAsset(db); // in stock, held by nobody
    employee = await testApp.caller(tokens.employee);
  });

  it("gets NOT_FOUND for another user's asset by id, the same answer as for an id that does not exist", async () => {
    const theirs = await employee.assets.get({ id: others.id }).catch((e: unknown) => e);
    const nobodys = await employee.assets
      .get({ id: '00000000-0000-4000-8000-000000000000' })
      .catch((e: unknown) => e);
    expect(theirs).toBeInstanceOf(TRPCError);
    expect((theirs as TRPCError).code).toBe('NOT_FOUND');
    expect((theirs as TRPCError).message).toBe((nobodys as TRPCError).message);
    await expect(employee.assets.get({ id: own.id })).resolves.toMatchObject({ id: own.id });
  });

  it('lists only the assets the employee holds, even when asking for another holder', async () => {
    for (const input of [{}, { holderId: other.id }, { holderId: fixtures.users.manager.id }]) {
      const { items } = await employee.assets.list({ ...input, limit: 200 });
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((a) => a.holder?.id === fixtures.users.employee.id)).toBe(true);
      expect(items.map((a) => a.id)).toContain(own.id);
      expect(items.map((a) => a.id)).not.toContain(others.id);
    }
  });

  it('lets staff filter by another holder (the employee rule is a scope, not a broken filter)', async () => {
    const manager = await testApp.caller(tokens.manager);
    const { items } = await manager.assets.list({ holderId: other.id });
    expect(items.map((a) => a.id)).toEqual([others.id]);
  });
});

/**
 * A read-only API token reads what staff read and changes nothing: on every procedure it passes
 * the gate exactly where a manager does and the procedure is not a mutation, or where no
 * permission is needed at all (public, or merely signed in). Its refusals of changes say READ_ONLY.
 */
describe('a read-only API token', () => {
  let readOnlyToken: string;

  beforeAll(async () => {
    const admin = await testApp.caller(tokens.admin);
    const created = await admin.tokens.create({ name: unique('svc-ro'), role: 'read-only' });
    readOnlyToken = created.token;
    // Its own inbox has a backlog too, so its notification stream has a first value.
    await insertNotifications(testApp.database.db, [
      {
        recipientId: created.apiToken.accountId,
        kind: 'overdue_return' as const,
        subject: { type: 'asset' as const, id: fixtures.employeeAsset.id },
        dedupeKey: `permissions:${created.apiToken.accountId}`,
        title: 'Please return it',
        body: 'It was due back yesterday.',
        payload: {},
      },
    ]);
  });

  const meta = (path: string) =>
    (procedures[path]?._def as { meta?: { access?: string } } | undefined)?.meta?.access ?? 'public';

  function expected(path: string, row: Row): Outcome {
    if (meta(path) === 'public' || meta(path) === 'authenticated') return 'allow';
    // One's own inbox is personal, not the inventory: every account reads and marks its own.
    if (meta(path) === 'notification.read') return 'allow';
    return row.expect.manager === 'allow' && procedures[path]?._def.type !== 'mutation' ? 'allow' : 'deny';
  }

  const cases = Object.entries(PROCEDURES).map(([path, row]) => ({
    path,
    row,
    outcome: expected(path, row),
  }));

  it.each(cases)('$path: $outcome', async ({ path, row, outcome }) => {
    const before = await countEvents(testApp.database.db);
    const abort = new AbortController();
    const caller = await testApp.caller(readOnlyToken, abort.signal);
    let refusal: TRPCError | undefined;
    try {
      const result = await callPath(caller, path, await row.input(fixtures));
      if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
        expect(await firstValue(result as AsyncIterable<unknown>, 2_000)).toBe('value');
      }
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      if (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED') refusal = error;
    } finally {
      abort.abort();
    }
    if (outcome === 'allow') {
      expect(refusal).toBeUndefined();
    } else {
      expect(refusal?.code).toBe('FORBIDDEN');
      expect((refusal?.cause as { reason?: string } | undefined)?.reason).toBe('READ_ONLY');
      expect(await countEvents(testApp.database.db)).toBe(before);
    }
  });
});
