/**
 * Idempotency keys over real HTTP against a server with its own pool (on PostgreSQL, parallel
 * requests run on separate connections): a retry with the key applies nothing again and gets the
 * first response; parallel calls with one key apply once; the key with another input is refused;
 * a call that failed stored nothing; keys are per actor and expire.
 */
import { insertLicense, insertMaintenance, insertSeats, pruneIdempotencyKeys } from '@itam/db';
import { IDEMPOTENT_MUTATIONS, NATURALLY_IDEMPOTENT_MUTATIONS, SECRET_ISSUING_MUTATIONS } from '@itam/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { transactFor } from '../src/idempotency.ts';
import { schemaOf } from '../src/parse.ts';
import { appRouter } from '../src/router.ts';
import { createKeyring } from '../src/secrets.ts';
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
import type { Caller } from './harness.ts';
import { bearer } from './http.ts';
import { countLockWaiters, holdLock, openServedApp, type ServedApp, statuses } from './served.ts';

let served: ServedApp;
let adminUser: TestUser;
let admin: Caller;
let auth: Record<string, string>;

const db = () => served.db;

beforeAll(async () => {
  served = await openServedApp(25);
  adminUser = await createUser(db(), { role: 'admin' });
  const token = await login(await served.caller(), adminUser);
  admin = await served.caller(token);
  auth = bearer(token);
});

afterAll(async () => {
  await served?.close();
});

async function scheduledMaintenance(assetId?: string): Promise<string> {
  const record = await insertMaintenance(db(), {
    assetId: assetId ?? (await createAsset(db())).id,
    type: 'repair',
    scheduledFor: '2030-01-01',
    details: 'fan noise',
  });
  return record.id;
}

/** A valid input per keyed mutation, fresh each call, that changes something. */
const CHANGES: Record<(typeof IDEMPOTENT_MUTATIONS)[number], () => Promise<Record<string, unknown>>> = {
  'users.setRole': async () => ({ id: (await createUser(db())).id, role: 'manager' }),
  'users.disable': async () => ({ id: (await createUser(db())).id }),
  'assets.create': async () => assetInput(),
  'assets.update': async () => ({ id: (await createAsset(db())).id, patch: { location: 'Room 7' } }),
  'assets.transition': async () => ({
    id: (await createAsset(db())).id,
    to: 'in_maintenance',
    reason: 'fan noise',
  }),
  'assets.remove': async () => ({ id: (await createAsset(db())).id }),
  'assignments.checkOut': async () => ({
    assetId: (await createAsset(db())).id,
    userId: (await createUser(db())).id,
  }),
  'assignments.bulkCheckOut': async () => ({
    assetIds: [(await createAsset(db())).id, (await createAsset(db())).id],
    userId: (await createUser(db())).id,
  }),
  'assignments.checkIn': async () => ({
    assetId: (await createHeldAsset(db(), (await createUser(db())).id)).id,
    condition: 'good',
  }),
  'licenses.create': async () => ({ name: unique('Suite'), seats: 3, productKey: 'KEY-123' }),
  'licenses.update': async () => ({
    id: (await insertLicense(db(), { name: unique('Suite'), seats: 2 })).license.id,
    patch: { seats: 4, productKey: 'KEY-456' },
  }),
  'licenses.remove': async () => ({
    id: (await insertLicense(db(), { name: unique('Suite'), seats: 2 })).license.id,
  }),
  'licenses.assignSeat': async () => ({
    licenseId: (await insertLicense(db(), { name: unique('Suite'), seats: 2 })).license.id,
    userId: (await createUser(db())).id,
  }),
  'licenses.assignSeats': async () => ({
    licenseId: (await insertLicense(db(), { name: unique('Suite'), seats: 2 })).license.id,
    userIds: [(await createUser(db())).id, (await createUser(db())).id],
  }),
  'licenses.releaseSeat': async () => {
    const licenseId = (await insertLicense(db(), { name: unique('Suite'), seats: 2 })).license.id;
    const userId = (await createUser(db())).id;
    await db()
      .transaction()
      .execute((trx) => insertSeats(trx, licenseId, [{ userId }]));
    // The seat count is kept on the license row in the same transaction as the seat.
    await db().updateTable('licenses').set({ seats_used: 1 }).where('id', '=', licenseId).execute();
    return { licenseId, userId };
  },
  'maintenance.schedule': async () => ({
    assetId: (await createAsset(db())).id,
    scheduledFor: '2030-01-01',
    type: 'repair',
    details: unique('work'),
  }),
  'maintenance.start': async () => ({ id: await scheduledMaintenance() }),
  'maintenance.complete': async () => {
    const id = await scheduledMaintenance();
    await admin.maintenance.start({ id });
    return { id, cost: 12.5 };
  },
  'maintenance.cancel': async () => ({ id: await scheduledMaintenance() }),
  'webhooks.update': async () => ({ id: await webhook(), patch: { description: unique('hook') } }),
  'webhooks.remove': async () => ({ id: await webhook() }),
  'webhooks.redeliver': async () => ({ id: await delivery() }),
};

/** A webhook to a closed loopback port: its deliveries fail and wait for their retry. */
async function webhook(): Promise<string> {
  const created = await admin.webhooks.create({ url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] });
  return created.webhook.id;
}

/** A delivery of a new webhook, once the dispatcher has queued the next event for it. */
async function delivery(): Promise<string> {
  const webhookId = await webhook();
  await admin.assets.create(assetInput());
  for (;;) {
    const { items } = await admin.webhooks.deliveries({ webhookId });
    if (items[0]) return String(items[0].id);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function keyRows(key: string) {
  return db().selectFrom('idempotency_keys').selectAll().where('key', '=', key).execute();
}

describe('the keyed mutations', () => {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: string; inputs: z.ZodType[] } }
  >;

  it('are exactly the mutations whose input takes an idempotencyKey, and every one but auth.*, those issuing a secret and those idempotent by nature', () => {
    const keyed = Object.entries(procedures)
      .filter(([, p]) => p._def.type === 'mutation')
      .filter(
        ([, p]) =>
          'idempotencyKey' in ((schemaOf(p._def.inputs[0]) as { shape?: object } | undefined)?.shape ?? {}),
      )
      .map(([path]) => path);
    expect(keyed.sort()).toEqual([...IDEMPOTENT_MUTATIONS].sort());
    const unkeyed = Object.entries(procedures)
      .filter(([path, p]) => p._def.type === 'mutation' && !keyed.includes(path))
      .map(([path]) => path);
    const exempt = (path: string) =>
      path.startsWith('auth.') ||
      [...SECRET_ISSUING_MUTATIONS, ...NATURALLY_IDEMPOTENT_MUTATIONS].includes(path as never);
    expect(unkeyed.filter((path) => !exempt(path))).toEqual([]);
  });
});

describe('the same key twice', () => {
  it.each(IDEMPOTENT_MUTATIONS)('%s: one effect, one event, the same response', async (path) => {
    const input = await CHANGES[path]();
    const key = `twice-${unique()}`;
    const before = await countEvents(db());
    const first = await served.http.mutation(path, { ...input, idempotencyKey: key }, auth);
    expect(first.status, first.text).toBe(200);
    const afterFirst = await countEvents(db());
    expect(afterFirst).toBeGreaterThan(before);

    const second = await served.http.mutation(path, { ...input, idempotencyKey: key }, auth);
    expect(second.status, second.text).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(await countEvents(db())).toBe(afterFirst);
    const [row] = await keyRows(key);
    expect(row).toMatchObject({ actor_id: adminUser.id, procedure: path });
  });

  it('creates one asset, and replays the creation even after the asset moved on', async () => {
    const input = { ...assetInput(), idempotencyKey: `asset-${unique()}` };
    const first = await admin.assets.create(input);
    await admin.assets.transition({ id: first.id, to: 'retired', reason: 'old' });
    const again = await admin.assets.create(input);
    expect(again).toEqual(first);
    expect(again.stage).toBe('in_stock');
    const rows = await db().selectFrom('assets').select('id').where('tag', '=', input.tag).execute();
    expect(rows).toEqual([{ id: first.id }]);
  });

  it('without a key, the same call applies twice', async () => {
    const input = await CHANGES['maintenance.schedule']();
    await admin.maintenance.schedule(input as never);
    await admin.maintenance.schedule(input as never);
    const rows = await db()
      .selectFrom('maintenance')
      .select('id')
      .where('details', '=', input.details as string)
      .execute();
    expect(rows).toHaveLength(2);
  });
});

describe('20 parallel calls with one key', () => {
  it('apply once; every caller gets the one response', async () => {
    const asset = await createAsset(db());
    const details = unique('parallel');
    const body = {
      assetId: asset.id,
      scheduledFor: '2030-02-01',
      type: 'inspection',
      details,
      idempotencyKey: `parallel-${unique()}`,
    };
    const before = await countEvents(db());
    // On PostgreSQL a gate holds the asset, so the first caller waits inside its transaction with
    // the key claimed, and the other 19 wait on the key: all 20 are in flight at once.
    const gate = served.side
      ? await holdLock(served.side, (trx) =>
          sql`select id from assets where id = ${asset.id} for update`.execute(trx),
        )
      : undefined;
    const pending = Promise.all(
      Array.from({ length: 20 }, () => served.http.mutation('maintenance.schedule', body, auth)),
    );
    if (gate && served.side) {
      const side = served.side;
      await expect.poll(() => countLockWaiters(side), { timeout: 20_000, interval: 25 }).toBe(20);
      await gate.release();
    }
    const responses = await pending;

    expect(statuses(responses)).toEqual({ '200': 20 });
    const ids = new Set(responses.map((r) => r.data.id));
    expect(ids.size).toBe(1);
    const rows = await db().selectFrom('maintenance').select('id').where('details', '=', details).execute();
    expect(rows).toEqual([{ id: [...ids][0] }]);
    expect(await countEvents(db())).toBe(before + 1);
  });
});

describe('a key reused for another change', () => {
  it('with another input is refused with IDEMPOTENCY_KEY_REUSED, changing nothing', async () => {
    const key = `reuse-${unique()}`;
    const first = await served.http.mutation('assets.create', { ...assetInput(), idempotencyKey: key }, auth);
    expect(first.status).toBe(200);
    const before = await countEvents(db());
    const other = assetInput();
    const reused = await served.http.mutation('assets.create', { ...other, idempotencyKey: key }, auth);
    expect(reused.status).toBe(409);
    expect(reused.error.data).toMatchObject({
      reason: 'IDEMPOTENCY_KEY_REUSED',
      details: { procedure: 'assets.create' },
    });
    expect(await countEvents(db())).toBe(before);
    expect(await db().selectFrom('assets').select('id').where('tag', '=', other.tag).execute()).toEqual([]);
  });

  it('with another procedure is refused the same way, changing nothing', async () => {
    const key = `reuse-${unique()}`;
    const created = await admin.assets.create({ ...assetInput(), idempotencyKey: key });
    const before = await countEvents(db());
    const reused = await served.http.mutation(
      'assets.transition',
      { id: created.id, to: 'retired', reason: 'again', idempotencyKey: key },
      auth,
    );
    expect(reused.status).toBe(409);
    expect(reused.error.data.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countEvents(db())).toBe(before);
    expect((await admin.assets.get({ id: created.id })).stage).toBe('in_stock');
  });

  it('with the same input written differently (spaces, key order) is a retry', async () => {
    const key = `same-${unique()}`;
    const tag = unique('TAG').toUpperCase();
    const first = await served.http.mutation(
      'assets.create',
      { name: 'Laptop', tag, type: 'laptop', idempotencyKey: key },
      auth,
    );
    const again = await served.http.mutation(
      'assets.create',
      { idempotencyKey: key, type: 'laptop', tag: `  ${tag} `, name: 'Laptop  ' },
      auth,
    );
    expect(again.status).toBe(200);
    expect(again.data).toEqual(first.data);
  });
});

describe('a call that fails', () => {
  it('stores nothing under its key: the retry runs again, and can succeed', async () => {
    const holder = await createUser(db());
    const asset = await createHeldAsset(db(), holder.id);
    const taker = await createUser(db());
    const body = { assetId: asset.id, userId: taker.id, idempotencyKey: `fail-${unique()}` };
    const refused = await served.http.mutation('assignments.checkOut', body, auth);
    expect(refused.error?.data?.reason).toBe('ALREADY_ASSIGNED');
    expect(await keyRows(body.idempotencyKey)).toEqual([]);

    await admin.assignments.checkIn({ assetId: asset.id });
    const retried = await served.http.mutation('assignments.checkOut', body, auth);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.data.assignment.user.id).toBe(taker.id);
    expect(await keyRows(body.idempotencyKey)).toHaveLength(1);
  });
});

describe('keys belong to their actor', () => {
  it('another actor with the same key and input makes a change of their own', async () => {
    const manager = await createUser(db(), { role: 'manager' });
    const managerCaller = await served.caller(await login(await served.caller(), manager));
    const input = { ...(await CHANGES['maintenance.schedule']()), idempotencyKey: `shared-${unique()}` };
    const mine = await admin.maintenance.schedule(input as never);
    const theirs = await managerCaller.maintenance.schedule(input as never);
    expect(theirs.id).not.toBe(mine.id);
    expect(await keyRows(input.idempotencyKey)).toHaveLength(2);
  });
});

describe('keys expire', () => {
  it('are kept for 24 hours, then pruned; a pruned key applies again', async () => {
    const input = { ...(await CHANGES['maintenance.schedule']()), idempotencyKey: `old-${unique()}` };
    const first = await admin.maintenance.schedule(input as never);
    const [row] = await keyRows(input.idempotencyKey);
    const hours = (row!.expires_at.getTime() - row!.created_at.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(24, 5);

    expect(await pruneIdempotencyKeys(db(), new Date(Date.now() + 23 * 3_600_000))).toBe(0);
    expect(await keyRows(input.idempotencyKey)).toHaveLength(1);
    expect(await pruneIdempotencyKeys(db(), new Date(Date.now() + 25 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect(await keyRows(input.idempotencyKey)).toEqual([]);

    const second = await admin.maintenance.schedule(input as never);
    expect(second.id).not.toBe(first.id);
  });

  it('an expired key not yet pruned is taken over by the next call', async () => {
    const input = { ...(await CHANGES['maintenance.schedule']()), idempotencyKey: `stale-${unique()}` };
    const first = await admin.maintenance.schedule(input as never);
    await db()
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('key', '=', input.idempotencyKey)
      .execute();
    const second = await admin.maintenance.schedule(input as never);
    expect(second.id).not.toBe(first.id);
    const [row] = await keyRows(input.idempotencyKey);
    expect(row!.expires_at.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    // And the new record is what the key now replays.
    expect((await admin.maintenance.schedule(input as never)).id).toBe(second.id);
  });
});

describe('a retry across a rotation of ITAM_SECRET', () => {
  const OLD = 'the old secret, at least thirty-two characters long';
  const NEW = 'the new secret, at least thirty-two characters long';
  const input = { name: 'Office', productKey: 'KEY-9', idempotencyKey: '' };

  async function run(keyring: ReturnType<typeof createKeyring>, key: string, work: () => Promise<string>) {
    const transact = transactFor(db(), keyring.digests, adminUser.id, 'licenses.create');
    return transact({ ...input, idempotencyKey: key }, work);
  }

  it('is recognised while the old secret is still in ITAM_SECRET_PREVIOUS', async () => {
    const key = `rotate-${unique()}`;
    expect(await run(createKeyring(OLD), key, async () => 'first')).toBe('first');
    expect(await run(createKeyring(NEW, [OLD]), key, async () => 'second')).toBe('first');
  });

  it('is refused, applying nothing, once the old secret is gone', async () => {
    const key = `rotated-${unique()}`;
    await run(createKeyring(OLD), key, async () => 'first');
    let ran = false;
    const error = await run(createKeyring(NEW), key, async () => {
      ran = true;
      return 'second';
    }).catch((e: unknown) => e);
    expect((error as { cause?: { reason?: string } }).cause?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(ran).toBe(false);
  });
});
