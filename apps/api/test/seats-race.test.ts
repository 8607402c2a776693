/**
 * License seats over real HTTP against a server with its own pool (DATABASE_POOL_SIZE=25): many
 * simultaneous assignments never give more seats than the license has, and the database refuses
 * over-allocation by itself (a CHECK on the license row), whatever the application does.
 */
import { CHECK_VIOLATION, constraintOf, insertSeats, isUniqueViolation, sqlState } from '@itam/db';
import { addDays, todayUtc } from '@itam/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents, createUser, login, type TestUser, unique } from './factories.ts';
import type { Caller } from './harness.ts';
import { bearer } from './http.ts';
import { countLockWaiters, holdLock, openServedApp, type ServedApp, statuses } from './served.ts';

const POOL_SIZE = 25;
const SEATS = 4;

let served: ServedApp;
let admin: Caller;
let auth: Record<string, string>;

const db = () => served.db;

beforeAll(async () => {
  served = await openServedApp(POOL_SIZE);
  const adminUser = await createUser(db(), { role: 'admin' });
  const token = await login(await served.caller(), adminUser);
  admin = await served.caller(token);
  auth = bearer(token);
});

afterAll(async () => {
  await served?.close();
});

function createLicense(overrides: { seats?: number; expiryDate?: string | null } = {}) {
  return admin.licenses.create({ name: unique('License'), seats: SEATS, ...overrides });
}

function people(n: number): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: n }, () => createUser(db())));
}

/** What the license row says, and what its seat rows say. */
async function seatState(licenseId: string) {
  const license = await db()
    .selectFrom('licenses')
    .select(['seats', 'seats_used'])
    .where('id', '=', licenseId)
    .executeTakeFirstOrThrow();
  const open = await db()
    .selectFrom('license_seats')
    .select('user_id')
    .where('license_id', '=', licenseId)
    .where('released_at', 'is', null)
    .execute();
  return { seats: license.seats, used: license.seats_used, holders: open.map((s) => s.user_id).sort() };
}

async function seatEvents(licenseId: string) {
  return db()
    .selectFrom('events')
    .select(['action', 'after'])
    .where('entity', '=', 'license')
    .where('entity_id', '=', licenseId)
    .orderBy('id')
    .execute();
}

async function refusal(call: Promise<unknown>): Promise<{ code: string; reason: string; details: any }> {
  const error: any = await call.then(
    (value) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  return { code: error.code, reason: error.cause?.reason, details: error.cause?.details };
}

describe(`${5 * SEATS} simultaneous seat assignments on a license with ${SEATS} seats`, () => {
  it(`gives exactly ${SEATS} seats; the rest get 409 SEATS_EXHAUSTED`, async () => {
    const license = await createLicense();
    const users = await people(5 * SEATS);
    const bodies = users.map((u) => ({ licenseId: license.id, userId: u.id }));
    // On PostgreSQL, a gate on the license row parks every request until all are in flight.
    const gate = served.side
      ? await holdLock(served.side, (trx) =>
          sql`select id from licenses where id = ${license.id} for update`.execute(trx),
        )
      : undefined;

    const pending = Promise.all(
      bodies.map((body) => served.http.mutation('licenses.assignSeat', body, auth)),
    );
    if (gate && served.side) {
      const side = served.side;
      await expect.poll(() => countLockWaiters(side), { timeout: 20_000, interval: 25 }).toBe(5 * SEATS);
      await gate.release();
    }
    const responses = await pending;

    expect(statuses(responses)).toEqual({ '200': SEATS, '409 SEATS_EXHAUSTED': 4 * SEATS });
    for (const r of responses.filter((r) => r.status !== 200)) {
      expect(r.error.data).toMatchObject({
        code: 'CONFLICT',
        reason: 'SEATS_EXHAUSTED',
        details: { seats: SEATS, used: SEATS, requested: 1 },
      });
    }
    const winners = responses.filter((r) => r.status === 200).map((r) => r.data.user.id as string);
    const state = await seatState(license.id);
    expect(state).toEqual({ seats: SEATS, used: SEATS, holders: [...winners].sort() });
    const events = await seatEvents(license.id);
    expect(events.map((e) => e.action)).toEqual(['created', ...Array(SEATS).fill('seat_assigned')]);
    // Each event counts on from the one before: the seat changes took turns on the locked row.
    expect(events.slice(1).map((e) => (e.after as { seatsUsed: number }).seatsUsed)).toEqual([1, 2, 3, 4]);
  });

  it('gives no more seats than exist when bulk and single assignments race', async () => {
    const license = await createLicense({ seats: 5 });
    const users = await people(12);
    const calls = [
      served.http.mutation(
        'licenses.assignSeats',
        { licenseId: license.id, userIds: [users[0]!.id, users[1]!.id] },
        auth,
      ),
      served.http.mutation(
        'licenses.assignSeats',
        { licenseId: license.id, userIds: [users[2]!.id, users[3]!.id] },
        auth,
      ),
      served.http.mutation(
        'licenses.assignSeats',
        { licenseId: license.id, userIds: [users[4]!.id, users[5]!.id] },
        auth,
      ),
      ...users
        .slice(6)
        .map((u) =>
          served.http.mutation('licenses.assignSeat', { licenseId: license.id, userId: u.id }, auth),
        ),
    ];
    const responses = await Promise.all(calls);
    for (const r of responses) expect([200, 409]).toContain(r.status);
    const given = responses
      .filter((r) => r.status === 200)
      .flatMap((r) => (r.data.seats ?? [r.data]).map((s: { user: { id: string } }) => s.user.id));
    const state = await seatState(license.id);
    expect(state.used).toBe(given.length);
    expect(state.holders).toEqual([...given].sort());
    expect(state.used).toBeLessThanOrEqual(5);
    // Singles fill every seat a refused bulk left: at most one seat stays free.
    expect(state.used).toBeGreaterThanOrEqual(4);
  });
});

describe('the database refuses over-allocation by itself', () => {
  it('refuses seats_used = seats + 1 with a check violation (23514)', async () => {
    const license = await createLicense();
    const error = await sql`update licenses set seats_used = seats + 1 where id = ${license.id}`
      .execute(db())
      .catch((e: unknown) => e);
    expect(sqlState(error)).toBe(CHECK_VIOLATION);
    expect(constraintOf(error)).toBe('licenses_seats_used_check');
    const below = await sql`update licenses set seats_used = -1 where id = ${license.id}`
      .execute(db())
      .catch((e: unknown) => e);
    expect(sqlState(below)).toBe(CHECK_VIOLATION);
    const fewer = await sql`update licenses set seats = 1, seats_used = 2 where id = ${license.id}`
      .execute(db())
      .catch((e: unknown) => e);
    expect(sqlState(fewer)).toBe(CHECK_VIOLATION);
    expect(await seatState(license.id)).toEqual({ seats: SEATS, used: 0, holders: [] });
  });

  it(`stops at ${SEATS} when 10 sessions insert seats without asking the domain`, async () => {
    const license = await createLicense();
    const users = await people(10);
    const raw = served.side ?? db();
    const results = await Promise.allSettled(
      users.map((u) => raw.transaction().execute((trx) => insertSeats(trx, license.id, [{ userId: u.id }]))),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.length - refused.length).toBe(SEATS);
    for (const r of refused) expect(sqlState((r as PromiseRejectedResult).reason)).toBe(CHECK_VIOLATION);
    const state = await seatState(license.id);
    expect(state.used).toBe(SEATS);
    expect(state.holders).toHaveLength(SEATS);
  });

  it('refuses a second open seat of one license for one person (unique index)', async () => {
    const license = await createLicense();
    const [user] = await people(1);
    await db()
      .transaction()
      .execute((trx) => insertSeats(trx, license.id, [{ userId: user!.id }]));
    const error = await db()
      .transaction()
      .execute((trx) => insertSeats(trx, license.id, [{ userId: user!.id }]))
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'license_seats_one_per_user')).toBe(true);
    expect(await seatState(license.id)).toEqual({ seats: SEATS, used: 1, holders: [user!.id] });
  });
});

describe('seat rules', () => {
  it('cannot reduce seats below those in use: 409 SEATS_BELOW_USED; down to exactly used is fine', async () => {
    const license = await createLicense();
    const users = await people(3);
    await admin.licenses.assignSeats({ licenseId: license.id, userIds: users.map((u) => u.id) });
    const events = await countEvents(db());
    expect(await refusal(admin.licenses.update({ id: license.id, patch: { seats: 2 } }))).toEqual({
      code: 'CONFLICT',
      reason: 'SEATS_BELOW_USED',
      details: { used: 3, requested: 2 },
    });
    expect(await countEvents(db())).toBe(events);
    expect((await seatState(license.id)).seats).toBe(SEATS);
    const res = await served.http.mutation('licenses.update', { id: license.id, patch: { seats: 1 } }, auth);
    expect([res.status, res.error.data.reason]).toEqual([409, 'SEATS_BELOW_USED']);
    expect(await admin.licenses.update({ id: license.id, patch: { seats: 3 } })).toMatchObject({
      seats: 3,
      seatsUsed: 3,
    });
    expect(
      await refusal(admin.licenses.assignSeat({ licenseId: license.id, userId: (await people(1))[0]!.id })),
    ).toMatchObject({
      reason: 'SEATS_EXHAUSTED',
    });
  });

  it('gives no new seat on an expired license: 409 LICENSE_EXPIRED; one expiring today still gives', async () => {
    const today = todayUtc();
    const expired = await createLicense({ expiryDate: addDays(today, -1) });
    const [a, b] = await people(2);
    const res = await served.http.mutation(
      'licenses.assignSeat',
      { licenseId: expired.id, userId: a!.id },
      auth,
    );
    expect(res.status).toBe(409);
    expect(res.error.data).toMatchObject({
      reason: 'LICENSE_EXPIRED',
      details: { expiryDate: addDays(today, -1) },
    });
    const bulk = await refusal(
      admin.licenses.assignSeats({ licenseId: expired.id, userIds: [a!.id, b!.id] }),
    );
    expect(bulk.reason).toBe('LICENSE_EXPIRED');
    expect(await seatState(expired.id)).toEqual({ seats: SEATS, used: 0, holders: [] });

    const lastDay = await createLicense({ expiryDate: today });
    expect((await admin.licenses.assignSeat({ licenseId: lastDay.id, userId: a!.id })).user.id).toBe(a!.id);
  });

  it('refuses a disabled person and a second seat for the same person', async () => {
    const license = await createLicense();
    const [person, disabled] = await people(2);
    await admin.users.disable({ id: disabled!.id, disabled: true });
    expect(
      (await refusal(admin.licenses.assignSeat({ licenseId: license.id, userId: disabled!.id }))).reason,
    ).toBe('USER_DISABLED');
    await admin.licenses.assignSeat({ licenseId: license.id, userId: person!.id });
    expect(
      (await refusal(admin.licenses.assignSeat({ licenseId: license.id, userId: person!.id }))).reason,
    ).toBe('SEAT_ALREADY_ASSIGNED');
    expect(await seatState(license.id)).toEqual({ seats: SEATS, used: 1, holders: [person!.id] });
  });
});

describe('bulk seat assignment', () => {
  it('gives everyone a seat in one event', async () => {
    const license = await createLicense();
    const users = await people(3);
    const events = await countEvents(db());
    const { seats } = await admin.licenses.assignSeats({
      licenseId: license.id,
      userIds: users.map((u) => u.id),
    });
    expect(seats.map((s) => s.user.id).sort()).toEqual(users.map((u) => u.id).sort());
    expect(await seatState(license.id)).toMatchObject({ used: 3, holders: users.map((u) => u.id).sort() });
    expect(await countEvents(db())).toBe(events + 1);
  });

  it('is all or nothing: one person who cannot get a seat means nobody does, with the reason per person', async () => {
    const license = await createLicense();
    const [holder, fresh, disabled] = await people(3);
    await admin.licenses.assignSeat({ licenseId: license.id, userId: holder!.id });
    await admin.users.disable({ id: disabled!.id, disabled: true });
    const events = await countEvents(db());
    const res = await served.http.mutation(
      'licenses.assignSeats',
      { licenseId: license.id, userIds: [fresh!.id, holder!.id, disabled!.id] },
      auth,
    );
    expect(res.status).toBe(409);
    const refusals: { userId: string; reason: string }[] = res.error.data.details.refusals;
    expect(Object.fromEntries(refusals.map((r) => [r.userId, r.reason]))).toEqual({
      [holder!.id]: 'SEAT_ALREADY_ASSIGNED',
      [disabled!.id]: 'USER_DISABLED',
    });
    expect(await seatState(license.id)).toEqual({ seats: SEATS, used: 1, holders: [holder!.id] });
    expect(await countEvents(db())).toBe(events);
  });

  it('refuses more people than free seats: 409 SEATS_EXHAUSTED, nobody gets one', async () => {
    const license = await createLicense({ seats: 3 });
    const users = await people(4);
    await admin.licenses.assignSeat({ licenseId: license.id, userId: users[0]!.id });
    const res = await served.http.mutation(
      'licenses.assignSeats',
      { licenseId: license.id, userIds: users.slice(1).map((u) => u.id) },
      auth,
    );
    expect(res.status).toBe(409);
    expect(res.error.data).toMatchObject({
      reason: 'SEATS_EXHAUSTED',
      details: { seats: 3, used: 1, requested: 3 },
    });
    expect(await seatState(license.id)).toEqual({ seats: 3, used: 1, holders: [users[0]!.id] });
  });
});

describe('releasing a seat', () => {
  it('frees exactly one seat, which someone else can then take', async () => {
    const license = await createLicense({ seats: 2 });
    const [a, b, c] = await people(3);
    await admin.licenses.assignSeats({ licenseId: license.id, userIds: [a!.id, b!.id] });
    expect((await refusal(admin.licenses.assignSeat({ licenseId: license.id, userId: c!.id }))).reason).toBe(
      'SEATS_EXHAUSTED',
    );
    const res = await served.http.mutation(
      'licenses.releaseSeat',
      { licenseId: license.id, userId: a!.id },
      auth,
    );
    expect(res.status).toBe(200);
    expect(await seatState(license.id)).toEqual({ seats: 2, used: 1, holders: [b!.id] });
    const released = await db()
      .selectFrom('license_seats')
      .select('released_at')
      .where('license_id', '=', license.id)
      .where('user_id', '=', a!.id)
      .executeTakeFirstOrThrow();
    expect(released.released_at).toBeInstanceOf(Date);

    expect((await refusal(admin.licenses.releaseSeat({ licenseId: license.id, userId: a!.id }))).reason).toBe(
      'NOT_FOUND',
    );
    await admin.licenses.assignSeat({ licenseId: license.id, userId: c!.id });
    // The one who gave theirs back can have a seat again later.
    await admin.licenses.releaseSeat({ licenseId: license.id, userId: b!.id });
    await admin.licenses.assignSeat({ licenseId: license.id, userId: a!.id });
    expect(await seatState(license.id)).toEqual({ seats: 2, used: 2, holders: [a!.id, c!.id].sort() });
    expect((await seatEvents(license.id)).map((e) => e.action)).toEqual([
      'created',
      'seats_assigned',
      'seat_released',
      'seat_assigned',
      'seat_released',
      'seat_assigned',
    ]);
  });
});
