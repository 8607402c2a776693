/**
 * Check-out and check-in over real HTTP against a server on port 0 with its own pool
 * (DATABASE_POOL_SIZE=25), so on PostgreSQL simultaneous requests run on separate connections:
 * one asset, one holder, whatever the timing. Bulk check-out is all or nothing; check-in and
 * maintenance hand the asset back to the right place.
 */
import { findAssetById } from '@itam/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents, createAsset, createUser, login, maxEventId, type TestUser } from './factories.ts';
import type { Caller } from './harness.ts';
import { bearer } from './http.ts';
import {
  countConnections,
  countLockWaiters,
  holdLock,
  openServedApp,
  type ServedApp,
  statuses,
} from './served.ts';

const POOL_SIZE = 25;

let served: ServedApp;
let adminUser: TestUser;
let admin: Caller;
let auth: Record<string, string>;

const db = () => served.db;

beforeAll(async () => {
  served = await openServedApp(POOL_SIZE);
  adminUser = await createUser(db(), { role: 'admin' });
  const token = await login(await served.caller(), adminUser);
  admin = await served.caller(token);
  auth = bearer(token);
});

afterAll(async () => {
  await served?.close();
});

async function openAssignments(assetId: string) {
  return db()
    .selectFrom('assignments')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('ended_at', 'is', null)
    .execute();
}

async function eventsOf(assetId: string, action?: string) {
  let query = db().selectFrom('events').selectAll().where('entity_id', '=', assetId);
  if (action) query = query.where('action', '=', action);
  return query.orderBy('id').execute();
}

describe('50 simultaneous check-outs of one asset over HTTP', () => {
  it.each([
    ['to 50 different people', 'distinct'],
    ['all to the same person', 'same'],
  ] as const)('%s: exactly one succeeds, 49 get 409 ALREADY_ASSIGNED', async (_label, who) => {
    const asset = await createAsset(db());
    const people = await Promise.all(Array.from({ length: who === 'same' ? 1 : 50 }, () => createUser(db())));
    const bodies = Array.from({ length: 50 }, (_, i) => ({
      assetId: asset.id,
      userId: people[i % people.length]!.id,
      note: `request ${i}`,
    }));
    // On PostgreSQL, a gate parks every request on a lock until all of them are in flight.
    const gate = served.side
      ? await holdLock(served.side, (trx) =>
          sql`select id from assets where id = ${asset.id} for update`.execute(trx),
        )
      : undefined;

    const pending = Promise.all(
      bodies.map((body) => served.http.mutation('assignments.checkOut', body, auth)),
    );
    if (gate && served.side) {
      const side = served.side;
      // Each request holds one pooled connection while it waits: the pool really is POOL_SIZE wide.
      await expect
        .poll(() => countLockWaiters(side), { timeout: 20_000, interval: 25 })
        .toBeGreaterThanOrEqual(20);
      expect(await countConnections(side)).toBeGreaterThanOrEqual(20);
      await gate.release();
    }
    const responses = await pending;

    expect(statuses(responses)).toEqual({ '200': 1, '409 ALREADY_ASSIGNED': 49 });
    const winner = responses.find((r) => r.status === 200)!;
    expect(winner.data.asset).toMatchObject({ id: asset.id, stage: 'deployed' });
    for (const loser of responses.filter((r) => r.status !== 200)) {
      expect(loser.error.data).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ASSIGNED' });
      expect(loser.error.data.details).toMatchObject({ holder: winner.data.assignment.user.username });
    }
    const open = await openAssignments(asset.id);
    expect(open).toHaveLength(1);
    expect(open[0]!.id).toBe(winner.data.assignment.id);
    expect(await eventsOf(asset.id, 'checked_out')).toHaveLength(1);
    expect(await eventsOf(asset.id)).toHaveLength(1);
    expect(await findAssetById(db(), asset.id)).toMatchObject({
      stage: 'deployed',
      holder: { id: winner.data.assignment.user.id },
    });
  });

  // Bulk check-out appended each asset's event as it went, taking the events lock (held to commit)
  // before locking the next asset, while a single check-out of that asset waited for the events
  // lock with the asset locked: PostgreSQL found a deadlock and one request failed with STALE_STATE.
  it.runIf(process.env.DATABASE_URL?.startsWith('postgres'))(
    'regression: a bulk check-out and a single check-out of one of its assets at once deadlocked',
    async () => {
      const [first, second] = [await createAsset(db()), await createAsset(db())].sort((a, b) =>
        a.id.localeCompare(b.id),
      );
      const [bulkUser, singleUser] = [await createUser(db()), await createUser(db())];
      const side = served.side!;
      // The gate is the events lock itself: whoever wants to append an event waits behind it.
      const gate = await holdLock(side, (trx) => sql`select pg_advisory_xact_lock(7236001)`.execute(trx));
      const bulk = served.http.mutation(
        'assignments.bulkCheckOut',
        { assetIds: [first!.id, second!.id], userId: bulkUser.id },
        auth,
      );
      await expect.poll(() => countLockWaiters(side), { timeout: 10_000, interval: 20 }).toBe(1);
      const single = served.http.mutation(
        'assignments.checkOut',
        { assetId: second!.id, userId: singleUser.id },
        auth,
      );
      await expect.poll(() => countLockWaiters(side), { timeout: 10_000, interval: 20 }).toBe(2);
      await gate.release();
      const responses = await Promise.all([bulk, single]);

      expect(statuses(responses)).toEqual({ '200': 1, '409 ALREADY_ASSIGNED': 1 });
      const open = [...(await openAssignments(first!.id)), ...(await openAssignments(second!.id))];
      const bulkWon = responses[0]!.status === 200;
      expect(open.map((a) => a.user_id)).toEqual(bulkWon ? [bulkUser.id, bulkUser.id] : [singleUser.id]);
    },
  );

  // Checking out to oneself locked one's own user row FOR UPDATE, which also blocks the foreign-key
  // check of any event naming one as its actor. A change to the same asset by the same person, holding
  // the asset and appending its event, then waited for the check-out, which waited for the asset.
  it.runIf(process.env.DATABASE_URL?.startsWith('postgres'))(
    'regression: checking an asset out to oneself while changing it deadlocked',
    async () => {
      const asset = await createAsset(db());
      const side = served.side!;
      const gate = await holdLock(side, (trx) => sql`select pg_advisory_xact_lock(7236001)`.execute(trx));
      const transition = served.http.mutation(
        'assets.transition',
        { id: asset.id, to: 'in_maintenance', reason: 'Fan noise' },
        auth,
      );
      await expect.poll(() => countLockWaiters(side), { timeout: 10_000, interval: 20 }).toBe(1);
      const checkOut = served.http.mutation(
        'assignments.checkOut',
        { assetId: asset.id, userId: adminUser.id },
        auth,
      );
      await expect.poll(() => countLockWaiters(side), { timeout: 10_000, interval: 20 }).toBe(2);
      await gate.release();
      const responses = await Promise.all([transition, checkOut]);

      expect(statuses(responses)).toEqual({ '200': 1, '409 NOT_ASSIGNABLE': 1 });
      expect(await findAssetById(db(), asset.id)).toMatchObject({ stage: 'in_maintenance', holder: null });
    },
  );
});

describe('bulk check-out', () => {
  it('checks out every asset to one person, one event per asset', async () => {
    const person = await createUser(db());
    const assets = await Promise.all([createAsset(db()), createAsset(db()), createAsset(db())]);
    const lastId = await maxEventId(db());
    const res = await served.http.mutation(
      'assignments.bulkCheckOut',
      { assetIds: assets.map((a) => a.id), userId: person.id, expectedReturn: '2031-01-31' },
      auth,
    );
    expect(res.status).toBe(200);
    expect(res.data.assignments).toHaveLength(3);
    for (const asset of assets) {
      expect(await findAssetById(db(), asset.id)).toMatchObject({
        stage: 'deployed',
        holder: { id: person.id },
      });
      expect(await openAssignments(asset.id)).toMatchObject([
        { user_id: person.id, expected_return: '2031-01-31' },
      ]);
      expect(await eventsOf(asset.id, 'checked_out')).toHaveLength(1);
    }
    expect(await maxEventId(db())).toBe(lastId + 3);
  });

  it('is all or nothing: one unassignable asset among several checks out none, with a reason per asset', async () => {
    const person = await createUser(db());
    const holder = await createUser(db());
    const free = await Promise.all([createAsset(db()), createAsset(db()), createAsset(db())]);
    const retired = await createAsset(db(), { stage: 'retired' });
    const held = await createAsset(db());
    await admin.assignments.checkOut({ assetId: held.id, userId: holder.id });
    const all = [...free, retired, held];
    const before = await Promise.all(all.map((a) => findAssetById(db(), a.id)));
    const events = await countEvents(db());

    const res = await served.http.mutation(
      'assignments.bulkCheckOut',
      { assetIds: all.map((a) => a.id), userId: person.id },
      auth,
    );
    expect(res.status).toBe(409);
    // The top-level reason is the first refused asset's, in id order (the order they are locked in).
    const firstRefused = [retired.id, held.id].sort()[0];
    expect(res.error.data.reason).toBe(firstRefused === retired.id ? 'NOT_ASSIGNABLE' : 'ALREADY_ASSIGNED');
    const refusals: { assetId: string; reason: string }[] = res.error.data.details.refusals;
    expect(Object.fromEntries(refusals.map((r) => [r.assetId, r.reason]))).toEqual({
      [retired.id]: 'NOT_ASSIGNABLE',
      [held.id]: 'ALREADY_ASSIGNED',
    });
    // Nothing moved, nothing was recorded: the assets checked out before the refusal were rolled back.
    expect(await Promise.all(all.map((a) => findAssetById(db(), a.id)))).toEqual(before);
    for (const asset of [...free, retired]) expect(await openAssignments(asset.id)).toEqual([]);
    expect(await countEvents(db())).toBe(events);
  });

  it('answers ALREADY_ASSIGNED when every refused asset is held by someone', async () => {
    const holder = await createUser(db());
    const held = await createAsset(db());
    await admin.assignments.checkOut({ assetId: held.id, userId: holder.id });
    const free = await createAsset(db());
    const res = await served.http.mutation(
      'assignments.bulkCheckOut',
      { assetIds: [free.id, held.id], userId: (await createUser(db())).id },
      auth,
    );
    expect(res.status).toBe(409);
    expect(res.error.data).toMatchObject({
      reason: 'ALREADY_ASSIGNED',
      details: { refusals: [{ assetId: held.id, reason: 'ALREADY_ASSIGNED' }] },
    });
    expect(await openAssignments(free.id)).toEqual([]);
  });
});

describe('check-in', () => {
  it('returns the asset to stock, closes the assignment and records the condition', async () => {
    const person = await createUser(db());
    const asset = await createAsset(db(), { condition: 'new' });
    const out = await admin.assignments.checkOut({ assetId: asset.id, userId: person.id });
    const res = await served.http.mutation(
      'assignments.checkIn',
      { assetId: asset.id, condition: 'fair', note: 'Scratched lid' },
      auth,
    );
    expect(res.status).toBe(200);
    expect(res.data.asset).toMatchObject({
      id: asset.id,
      stage: 'in_stock',
      condition: 'fair',
      holder: null,
    });
    expect(res.data.assignment).toMatchObject({
      id: out.assignment.id,
      returnCondition: 'fair',
      returnNote: 'Scratched lid',
    });
    expect(res.data.assignment.endedAt).not.toBeNull();
    expect(await openAssignments(asset.id)).toEqual([]);
    const row = await db()
      .selectFrom('assignments')
      .selectAll()
      .where('id', '=', out.assignment.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ return_condition: 'fair', return_note: 'Scratched lid' });
    expect(row.ended_at).toBeInstanceOf(Date);
    expect((await eventsOf(asset.id)).map((e) => e.action)).toEqual(['checked_out', 'checked_in']);
    // And it can go out again, to someone else.
    const again = await admin.assignments.checkOut({ assetId: asset.id, userId: adminUser.id });
    expect(again.asset.holder?.id).toBe(adminUser.id);
  });

  it('refuses an asset nobody holds: 409 NOT_CHECKED_OUT, nothing recorded', async () => {
    const asset = await createAsset(db());
    const events = await countEvents(db());
    const res = await served.http.mutation('assignments.checkIn', { assetId: asset.id }, auth);
    expect(res.status).toBe(409);
    expect(res.error.data.reason).toBe('NOT_CHECKED_OUT');
    expect(await countEvents(db())).toBe(events);
  });
});

describe('who can receive', () => {
  it('refuses a disabled user: 409 USER_DISABLED, the asset stays in stock', async () => {
    const person = await createUser(db());
    await admin.users.disable({ id: person.id, disabled: true });
    const asset = await createAsset(db());
    const events = await countEvents(db());
    const res = await served.http.mutation(
      'assignments.checkOut',
      { assetId: asset.id, userId: person.id },
      auth,
    );
    expect(res.status).toBe(409);
    expect(res.error.data.reason).toBe('USER_DISABLED');
    expect(await findAssetById(db(), asset.id)).toMatchObject({ stage: 'in_stock', holder: null });
    expect(await openAssignments(asset.id)).toEqual([]);
    expect(await countEvents(db())).toBe(events);
  });

  it('answers 404 NOT_FOUND for a user or an asset that does not exist', async () => {
    const asset = await createAsset(db());
    const nobody = '00000000-0000-4000-8000-000000000000';
    const noUser = await served.http.mutation(
      'assignments.checkOut',
      { assetId: asset.id, userId: nobody },
      auth,
    );
    expect([noUser.status, noUser.error.data.reason]).toEqual([404, 'NOT_FOUND']);
    const noAsset = await served.http.mutation(
      'assignments.checkOut',
      { assetId: nobody, userId: adminUser.id },
      auth,
    );
    expect([noAsset.status, noAsset.error.data.reason]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('maintenance of a held asset', () => {
  async function schedule(assetId: string) {
    return admin.maintenance.schedule({
      assetId,
      scheduledFor: '2030-01-15',
      type: 'repair',
      details: 'Replace the battery',
    });
  }

  it('keeps its holder while in maintenance and comes back deployed to them on complete', async () => {
    const person = await createUser(db());
    const asset = await createAsset(db());
    const out = await admin.assignments.checkOut({ assetId: asset.id, userId: person.id });
    const record = await schedule(asset.id);
    await admin.maintenance.start({ id: record.id });
    expect(await findAssetById(db(), asset.id)).toMatchObject({
      stage: 'in_maintenance',
      holder: { id: person.id },
    });
    expect((await openAssignments(asset.id)).map((a) => a.id)).toEqual([out.assignment.id]);

    const done = await admin.maintenance.complete({ id: record.id, cost: 89.9 });
    expect(done).toMatchObject({ status: 'completed', cost: 89.9 });
    expect(await findAssetById(db(), asset.id)).toMatchObject({
      stage: 'deployed',
      holder: { id: person.id },
    });
    expect((await openAssignments(asset.id)).map((a) => a.id)).toEqual([out.assignment.id]);
  });

  it('goes back to stock on complete when nobody holds it', async () => {
    const asset = await createAsset(db());
    const record = await schedule(asset.id);
    await admin.maintenance.start({ id: record.id });
    expect(await findAssetById(db(), asset.id)).toMatchObject({ stage: 'in_maintenance', holder: null });
    await admin.maintenance.complete({ id: record.id });
    expect(await findAssetById(db(), asset.id)).toMatchObject({ stage: 'in_stock', holder: null });
  });

  it('checked in during the repair: stays in maintenance without a holder, then goes to stock', async () => {
    const person = await createUser(db());
    const asset = await createAsset(db());
    await admin.assignments.checkOut({ assetId: asset.id, userId: person.id });
    const record = await schedule(asset.id);
    await admin.maintenance.start({ id: record.id });
    const back = await admin.assignments.checkIn({ assetId: asset.id });
    expect(back.asset).toMatchObject({ stage: 'in_maintenance', holder: null });
    // Nobody holds it, so it cannot be handed out until the repair is done.
    const res = await served.http.mutation(
      'assignments.checkOut',
      { assetId: asset.id, userId: person.id },
      auth,
    );
    expect([res.status, res.error.data.reason]).toEqual([409, 'NOT_ASSIGNABLE']);
    await admin.maintenance.complete({ id: record.id });
    expect(await findAssetById(db(), asset.id)).toMatchObject({ stage: 'in_stock', holder: null });
  });

  it('stays in maintenance until the last of two repairs in progress ends', async () => {
    const person = await createUser(db());
    const asset = await createAsset(db());
    await admin.assignments.checkOut({ assetId: asset.id, userId: person.id });
    const [one, two] = [await schedule(asset.id), await schedule(asset.id)];
    await admin.maintenance.start({ id: one.id });
    await admin.maintenance.start({ id: two.id });
    await admin.maintenance.complete({ id: one.id });
    expect(await findAssetById(db(), asset.id)).toMatchObject({ stage: 'in_maintenance' });
    await admin.maintenance.cancel({ id: two.id });
    expect(await findAssetById(db(), asset.id)).toMatchObject({
      stage: 'deployed',
      holder: { id: person.id },
    });
  });
});
