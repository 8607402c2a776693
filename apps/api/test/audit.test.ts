/**
 * The audit trail of the assignment, license and maintenance use cases. For every mutation: a
 * success appends its event, in the same transaction as the change (when the event insert is
 * made to fail, the change is gone too); a refusal appends nothing and changes nothing.
 * `events.list` filters by entity, entity id, actor and time, and pages by cursor. Events are
 * never updated or deleted: the table itself refuses.
 */
import { type DB, insertLicense, insertMaintenance, insertSeats, type Kysely } from '@itam/db';
import type { AuditEvent } from '@itam/domain';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/router.ts';
import {
  createAsset,
  createHeldAsset,
  createUser,
  login,
  maxEventId,
  type TestUser,
  unique,
} from './factories.ts';
import { type Caller, openTestApp, type TestApp } from './harness.ts';
import { walkPages } from './paging.ts';

let testApp: TestApp;
let admin: Caller;
let manager: Caller;
let adminUser: TestUser;
let managerUser: TestUser;
/** Every event row as it was before this file changed anything. */
let eventsAtStart: unknown[];

const db = () => testApp.database.db;

beforeAll(async () => {
  testApp = await openTestApp();
  adminUser = await createUser(db(), { role: 'admin' });
  managerUser = await createUser(db(), { role: 'manager' });
  const anonymous = await testApp.caller();
  admin = await testApp.caller(await login(anonymous, adminUser));
  manager = await testApp.caller(await login(anonymous, managerUser));
  // Some history to guard: these rows must look the same after everything below.
  const asset = await admin.assets.create({ tag: unique('AUD'), name: 'Audit guard', type: 'laptop' });
  await admin.assets.update({ id: asset.id, patch: { location: 'Vault' } });
  eventsAtStart = await allRows(db(), 'events');
});

afterAll(async () => {
  await testApp?.close();
});

const TABLES = [
  'users',
  'assets',
  'assignments',
  'licenses',
  'license_seats',
  'maintenance',
  'events',
] as const;

function allRows(database: Kysely<DB>, table: (typeof TABLES)[number]) {
  return database.selectFrom(table).selectAll().orderBy('id').execute();
}

/** Every row of every table the use cases write. */
async function snapshot() {
  return Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await allRows(db(), t)])));
}

function reasonOf(error: unknown): string {
  if (!(error instanceof TRPCError)) throw error;
  const cause = error.cause as { reason?: string } | undefined;
  if (cause?.reason) return cause.reason;
  if (error.code === 'BAD_REQUEST') return 'VALIDATION_FAILED';
  return error.code;
}

async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  return call().then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
}

// -----------------------------------------------------------------------------------------------
// Every mutation of the three routers, with a call that succeeds and one that is refused.

interface Expected {
  entity: AuditEvent['entity'];
  entityId: string;
  action: string;
}

interface Case {
  /** Builds what the call needs (directly, without events); returns the call. */
  ok(): Promise<{ call: (c: Caller) => Promise<unknown>; events: (result: any) => Expected[] }>;
  refused(): Promise<{ call: (c: Caller) => Promise<unknown>; reason: string }>;
}

const employee = () => createUser(db());

async function license(seats = 2, holders: string[] = [], expiryDate: string | null = null) {
  const stored = await insertLicense(db(), {
    name: unique('License'),
    seats,
    productKeyEncrypted: null,
    expiryDate,
  });
  if (holders.length > 0)
    await db()
      .transaction()
      .execute((trx) =>
        insertSeats(
          trx,
          stored.license.id,
          holders.map((userId) => ({ userId })),
        ),
      );
  return stored.license.id;
}

async function maintenance(status: 'scheduled' | 'in_progress' | 'completed' | 'cancelled', held = false) {
  const asset = held ? await createHeldAsset(db(), (await employee()).id) : await createAsset(db());
  const record = await insertMaintenance(db(), {
    assetId: asset.id,
    type: 'repair',
    scheduledFor: '2030-01-01',
    details: 'Fan',
  });
  if (status !== 'scheduled') {
    await db()
      .updateTable('maintenance')
      .set({ status, started_at: new Date() })
      .where('id', '=', record.id)
      .execute();
    if (status === 'in_progress')
      await db().updateTable('assets').set({ stage: 'in_maintenance' }).where('id', '=', asset.id).execute();
  }
  return record.id;
}

const asset = (entityId: string, action: string): Expected => ({ entity: 'asset', entityId, action });
const lic = (entityId: string, action: string): Expected => ({ entity: 'license', entityId, action });
const mnt = (entityId: string, action: string): Expected => ({ entity: 'maintenance', entityId, action });

const CASES: Record<string, Case> = {
  'assignments.checkOut': {
    async ok() {
      const [a, u] = [await createAsset(db()), await employee()];
      return {
        call: (c) => c.assignments.checkOut({ assetId: a.id, userId: u.id }),
        events: () => [asset(a.id, 'checked_out')],
      };
    },
    async refused() {
      const held = await createHeldAsset(db(), (await employee()).id);
      const u = await employee();
      return {
        call: (c) => c.assignments.checkOut({ assetId: held.id, userId: u.id }),
        reason: 'ALREADY_ASSIGNED',
      };
    },
  },
  'assignments.bulkCheckOut': {
    // One event per asset: each asset's history shows its own check-out.
    async ok() {
      const [a, b, u] = [await createAsset(db()), await createAsset(db()), await employee()];
      return {
        call: (c) => c.assignments.bulkCheckOut({ assetIds: [a.id, b.id], userId: u.id }),
        events: () => [a.id, b.id].sort().map((id) => asset(id, 'checked_out')),
      };
    },
    // A refusal after a write: the asset first in id order is checked out before the second refuses.
    async refused() {
      const [first, second] = [await createAsset(db()), await createAsset(db())].sort((x, y) =>
        x.id.localeCompare(y.id),
      );
      await db().updateTable('assets').set({ stage: 'retired' }).where('id', '=', second!.id).execute();
      const u = await employee();
      return {
        call: (c) => c.assignments.bulkCheckOut({ assetIds: [first!.id, second!.id], userId: u.id }),
        reason: 'NOT_ASSIGNABLE',
      };
    },
  },
  'assignments.checkIn': {
    async ok() {
      const held = await createHeldAsset(db(), (await employee()).id);
      return {
        call: (c) => c.assignments.checkIn({ assetId: held.id, condition: 'fair' }),
        events: () => [asset(held.id, 'checked_in')],
      };
    },
    async refused() {
      const a = await createAsset(db());
      return {
        call: (c) => c.assignments.checkIn({ assetId: a.id, condition: 'poor' }),
        reason: 'NOT_CHECKED_OUT',
      };
    },
  },
  'licenses.create': {
    async ok() {
      return {
        call: (c) => c.licenses.create({ name: unique('License'), seats: 3, productKey: 'AAAA-BBBB' }),
        events: (result: { id: string }) => [lic(result.id, 'created')],
      };
    },
    async refused() {
      return {
        call: (c) => c.licenses.create({ name: unique('License'), seats: 0 }),
        reason: 'VALIDATION_FAILED',
      };
    },
  },
  'licenses.update': {
    async ok() {
      const id = await license();
      return {
        call: (c) => c.licenses.update({ id, patch: { vendor: 'Acme', productKey: 'NEW-KEY' } }),
        events: () => [lic(id, 'updated')],
      };
    },
    async refused() {
      const id = await license(2, [(await employee()).id, (await employee()).id]);
      return { call: (c) => c.licenses.update({ id, patch: { seats: 1 } }), reason: 'SEATS_BELOW_USED' };
    },
  },
  'licenses.remove': {
    async ok() {
      const id = await license();
      return { call: (c) => c.licenses.remove({ id }), events: () => [lic(id, 'removed')] };
    },
    async refused() {
      const id = await license(2, [(await employee()).id]);
      return { call: (c) => c.licenses.remove({ id }), reason: 'NOT_REMOVABLE' };
    },
  },
  'licenses.assignSeat': {
    async ok() {
      const [id, u] = [await license(), await employee()];
      return {
        call: (c) => c.licenses.assignSeat({ licenseId: id, userId: u.id }),
        events: () => [lic(id, 'seat_assigned')],
      };
    },
    async refused() {
      const id = await license(1, [(await employee()).id]);
      const u = await employee();
      return {
        call: (c) => c.licenses.assignSeat({ licenseId: id, userId: u.id }),
        reason: 'SEATS_EXHAUSTED',
      };
    },
  },
  'licenses.assignSeats': {
    async ok() {
      const [id, a, b] = [await license(3), await employee(), await employee()];
      return {
        call: (c) => c.licenses.assignSeats({ licenseId: id, userIds: [a.id, b.id] }),
        events: () => [lic(id, 'seats_assigned')],
      };
    },
    async refused() {
      const [id, a, b] = [await license(3, [], '2020-01-01'), await employee(), await employee()];
      return {
        call: (c) => c.licenses.assignSeats({ licenseId: id, userIds: [a.id, b.id] }),
        reason: 'LICENSE_EXPIRED',
      };
    },
  },
  'licenses.releaseSeat': {
    async ok() {
      const u = await employee();
      const id = await license(2, [u.id]);
      return {
        call: (c) => c.licenses.releaseSeat({ licenseId: id, userId: u.id }),
        events: () => [lic(id, 'seat_released')],
      };
    },
    async refused() {
      const [id, u] = [await license(), await employee()];
      return { call: (c) => c.licenses.releaseSeat({ licenseId: id, userId: u.id }), reason: 'NOT_FOUND' };
    },
  },
  'maintenance.schedule': {
    async ok() {
      const a = await createAsset(db());
      return {
        call: (c) =>
          c.maintenance.schedule({
            assetId: a.id,
            scheduledFor: '2030-02-01',
            type: 'cleaning',
            details: 'Dust',
          }),
        events: (result: { id: string }) => [mnt(result.id, 'scheduled')],
      };
    },
    async refused() {
      const a = await createAsset(db(), { stage: 'disposed' });
      return {
        call: (c) =>
          c.maintenance.schedule({
            assetId: a.id,
            scheduledFor: '2030-02-01',
            type: 'cleaning',
            details: 'Dust',
          }),
        reason: 'NOT_ASSIGNABLE',
      };
    },
  },
  'maintenance.start': {
    async ok() {
      const id = await maintenance('scheduled', true);
      return { call: (c) => c.maintenance.start({ id }), events: () => [mnt(id, 'started')] };
    },
    async refused() {
      const id = await maintenance('completed');
      return { call: (c) => c.maintenance.start({ id }), reason: 'INVALID_MAINTENANCE_STATE' };
    },
  },
  'maintenance.complete': {
    async ok() {
      const id = await maintenance('in_progress');
      return {
        call: (c) => c.maintenance.complete({ id, cost: 12.5 }),
        events: () => [mnt(id, 'completed')],
      };
    },
    async refused() {
      const id = await maintenance('scheduled');
      return { call: (c) => c.maintenance.complete({ id }), reason: 'INVALID_MAINTENANCE_STATE' };
    },
  },
  'maintenance.cancel': {
    async ok() {
      const id = await maintenance('in_progress', true);
      return { call: (c) => c.maintenance.cancel({ id }), events: () => [mnt(id, 'cancelled')] };
    },
    async refused() {
      const id = await maintenance('cancelled');
      return { call: (c) => c.maintenance.cancel({ id }), reason: 'INVALID_MAINTENANCE_STATE' };
    },
  },
};

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const MUTATIONS = Object.keys(procedures).filter(
  (path) => /^(assignments|licenses|maintenance)\./.test(path) && procedures[path]!._def.type === 'mutation',
);

/** While installed, every event insert fails: a stand-in for any failure at the last write. */
async function withFailingEvents<T>(run: () => Promise<T>): Promise<T> {
  await sql`create or replace function test_fail_event() returns trigger language plpgsql as $$
    begin raise exception 'forced failure of the event insert'; end $$`.execute(db());
  await sql`create trigger test_fail_event before insert on events
    for each row execute function test_fail_event()`.execute(db());
  try {
    return await run();
  } finally {
    await sql`drop trigger test_fail_event on events`.execute(db());
  }
}

describe('every mutation of assignments, licenses and maintenance', () => {
  it('has a case here', () => {
    expect(Object.keys(CASES).sort()).toEqual([...MUTATIONS].sort());
  });

  it.each(MUTATIONS)('%s: a success appends its event, naming the actor', async (path) => {
    const { call, events } = await CASES[path]!.ok();
    const lastId = await maxEventId(db());
    const result = await call(manager);
    const appended = await db()
      .selectFrom('events')
      .select(['entity', 'entity_id', 'action', 'actor_id'])
      .where('id', '>', lastId)
      .orderBy('id')
      .execute();
    expect(appended).toEqual(
      events(result).map((e) => ({
        entity: e.entity,
        entity_id: e.entityId,
        action: e.action,
        actor_id: managerUser.id,
      })),
    );
  });

  it.each(MUTATIONS)(
    '%s: the change and its event commit together (a failed event insert undoes both)',
    async (path) => {
      const { call } = await CASES[path]!.ok();
      const before = await snapshot();
      const error = await withFailingEvents(() => rejection(() => call(admin)));
      expect(error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(MUTATIONS)('%s: a refusal appends nothing and changes nothing', async (path) => {
    const { call, reason } = await CASES[path]!.refused();
    const before = await snapshot();
    expect(reasonOf(await rejection(() => call(admin)))).toBe(reason);
    expect(await snapshot()).toEqual(before);
  });
});

describe('events.list', () => {
  /** The events of each group of changes, oldest first. */
  const groups: { id: string; entityId: string }[][] = [];
  let assetId: string;
  let licenseId: string;
  const boundaries: string[] = [];

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    // Three groups of changes by two people, with a clock reading between groups.
    const a = await createAsset(db());
    assetId = a.id;
    const person = await employee();
    const run = async (changes: (() => Promise<unknown>)[]) => {
      const lastId = await maxEventId(db());
      for (const change of changes) await change();
      const rows = await db()
        .selectFrom('events')
        .select(['id', 'entity_id'])
        .where('id', '>', lastId)
        .execute();
      groups.push(rows.map((r) => ({ id: String(r.id), entityId: r.entity_id })));
    };
    await run([
      () => admin.assignments.checkOut({ assetId, userId: person.id }),
      async () => {
        licenseId = (await manager.licenses.create({ name: unique('License'), seats: 2 })).id;
      },
    ]);
    await pause(30);
    boundaries.push(new Date().toISOString());
    await pause(30);
    await run([
      () => manager.licenses.assignSeat({ licenseId, userId: person.id }),
      () => admin.assignments.checkIn({ assetId }),
      () => manager.assignments.checkOut({ assetId, userId: person.id }),
    ]);
    await pause(30);
    boundaries.push(new Date().toISOString());
    await pause(30);
    await run([
      () => admin.licenses.update({ id: licenseId, patch: { vendor: 'Acme' } }),
      () => manager.licenses.releaseSeat({ licenseId, userId: person.id }),
    ]);
  });

  /** Every page, walked by cursor with a small limit. */
  const walk = (input: Record<string, unknown>, limit = 2): Promise<AuditEvent[]> =>
    walkPages((cursor) => admin.events.list({ ...input, cursor, limit }), limit);

  const ids = (events: AuditEvent[]) => events.map((e) => e.id);
  const newestFirst = (events: { id: string }[]) =>
    events.map((e) => e.id).sort((a, b) => Number(b) - Number(a));

  it('filters by time: from inclusive, to exclusive, newest first', async () => {
    const [t1, t2] = boundaries as [string, string];
    const [first, second, third] = groups as [
      (typeof groups)[number],
      (typeof groups)[number],
      (typeof groups)[number],
    ];
    expect(ids(await walk({ from: t1, to: t2 }))).toEqual(newestFirst(second));
    expect(ids(await walk({ from: t1 }))).toEqual(newestFirst([...second, ...third]));
    expect(ids(await walk({ from: t2 }))).toEqual(newestFirst(third));
    // Before t1: the first group, then whatever earlier tests in this file recorded.
    const beforeT1 = ids(await walk({ to: t1 }, 50));
    expect(beforeT1.slice(0, first.length)).toEqual(newestFirst(first));
    expect(beforeT1.every((id) => Number(id) <= Number(first.at(-1)!.id))).toBe(true);
  });

  it('filters by entity and entity id', async () => {
    const ofAsset = await walk({ entity: 'asset', entityId: assetId });
    expect(ofAsset.map((e) => e.action)).toEqual(['checked_out', 'checked_in', 'checked_out']);
    const ofLicense = await walk({ entityId: licenseId });
    expect(ofLicense.map((e) => e.action)).toEqual(['seat_released', 'updated', 'seat_assigned', 'created']);
    const licenses = await walk({ entity: 'license', from: boundaries[0] });
    expect(ids(licenses)).toEqual(
      newestFirst([...groups[1]!, ...groups[2]!].filter((e) => e.entityId === licenseId)),
    );
  });

  it('filters by actor, alone and combined', async () => {
    const byManager = await walk({ actorId: managerUser.id, from: boundaries[0] });
    expect(byManager.map((e) => e.action)).toEqual(['seat_released', 'checked_out', 'seat_assigned']);
    expect(byManager.every((e) => e.actor?.id === managerUser.id)).toBe(true);
    const byAdminOnAsset = await walk({ actorId: adminUser.id, entityId: assetId });
    expect(byAdminOnAsset.map((e) => e.action)).toEqual(['checked_in', 'checked_out']);
    expect(await walk({ actorId: adminUser.id, entityId: assetId, from: boundaries[1] })).toEqual([]);
  });

  it('pages without gaps or duplicates at every limit', async () => {
    const whole = await walk({}, 200);
    expect(newestFirst(whole)).toEqual(ids(whole));
    for (const limit of [1, 3, 7]) {
      const paged = await walk({}, limit);
      expect(ids(paged), `limit ${limit}`).toEqual(ids(whole));
    }
    const total = await db()
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(whole).toHaveLength(Number(total.n));
  });

  it('is staff only', async () => {
    const person = await employee();
    const caller = await testApp.caller(await login(await testApp.caller(), person));
    expect(await rejection(() => caller.events.list({}))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the events table is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE from any connection', async () => {
    const lastId = await maxEventId(db());
    for (const statement of [
      sql`update events set action = 'tampered' where id = ${lastId}`,
      sql`update events set reason = 'x'`,
      sql`delete from events where id = ${lastId}`,
      sql`delete from events`,
      sql`truncate events`,
    ]) {
      const error = await statement.execute(db()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'P0001', message: expect.stringContaining('append-only') });
    }
    expect(await maxEventId(db())).toBe(lastId);
  });

  it('has no procedure that changes events: the events router only reads', () => {
    const paths = Object.keys(procedures).filter((p) => p.startsWith('events.'));
    expect(paths.sort()).toEqual(['events.list', 'events.onChange']);
    expect(paths.map((p) => procedures[p]!._def.type).sort()).toEqual(['query', 'subscription']);
  });

  it('left every event that existed before this file ran exactly as it was', async () => {
    const now = await allRows(db(), 'events');
    expect(now.slice(0, eventsAtStart.length)).toEqual(eventsAtStart);
    expect(now.length).toBeGreaterThan(eventsAtStart.length);
  });
});
