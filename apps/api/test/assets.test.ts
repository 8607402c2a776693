/**
 * The asset use cases through callers: each successful mutation appends exactly one audit event
 * in its own transaction, each refusal leaves the database as it was. Lists page by keyset.
 */
import { encodeCursor, findAssetById, insertAssignment, listEventsAfter, type ScopedEvent } from '@itam/db';
import { ASSET_STAGES, type Asset, type AssetDetail, type AssetStage, TRANSITIONS } from '@itam/domain';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assetInput,
  countEvents,
  createAsset,
  createHeldAsset,
  createUser,
  login,
  maxEventId,
  type TestUser,
  unique,
} from './factories.ts';
import { type Caller, openTestApp, type TestApp } from './harness.ts';
import { bearer, trpcHttp } from './http.ts';
import { walkPages } from './paging.ts';

/** The asset as the audit trail records it: the answer without the day's verdict on it. */
const recorded = ({ warrantyEnded: _, ...asset }: AssetDetail): Asset => asset;

let testApp: TestApp;
let admin: Caller;
let manager: Caller;
let adminUser: TestUser;
let managerUser: TestUser;
let employeeUser: TestUser;

const db = () => testApp.database.db;

beforeAll(async () => {
  testApp = await openTestApp();
  adminUser = await createUser(db(), { role: 'admin' });
  managerUser = await createUser(db(), { role: 'manager' });
  employeeUser = await createUser(db(), { role: 'employee' });
  const anonymous = await testApp.caller();
  admin = await testApp.caller(await login(anonymous, adminUser));
  manager = await testApp.caller(await login(anonymous, managerUser));
});

afterAll(async () => {
  await testApp?.close();
});

/** Runs a mutation that must append exactly one event, and returns it with the result. */
async function withOneEvent<T>(mutation: () => Promise<T>): Promise<{ result: T; event: ScopedEvent }> {
  const lastId = await maxEventId(db());
  const count = await countEvents(db());
  const result = await mutation();
  const events = await listEventsAfter(db(), lastId, { limit: 10 });
  expect(events).toHaveLength(1);
  expect(await countEvents(db())).toBe(count + 1);
  return { result, event: events[0]! };
}

/** Runs a mutation that must be refused with `reason`, writing no event and changing no asset. */
async function refusedWithoutTrace(
  mutation: () => Promise<unknown>,
  expected: { code: TRPCError['code']; reason: string },
  assetIds: string[] = [],
): Promise<TRPCError> {
  const count = await countEvents(db());
  const assets = await Promise.all(assetIds.map((id) => findAssetById(db(), id)));
  const error = await mutation().then(
    (value) => {
      throw new Error(`expected ${expected.reason}, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect(error).toMatchObject({ code: expected.code, cause: { reason: expected.reason } });
  expect(await countEvents(db())).toBe(count);
  expect(await Promise.all(assetIds.map((id) => findAssetById(db(), id)))).toEqual(assets);
  return error as TRPCError;
}

describe('create, get, update', () => {
  it('creates an asset and records who created it, with the asset as `after`', async () => {
    const input = {
      ...assetInput(),
      model: '  ThinkPad T14  ',
      serialNumber: '',
      purchaseDate: '2024-02-29',
      purchaseCost: 1234.5,
      warrantyEnd: '2027-02-28',
    };
    const { result: asset, event } = await withOneEvent(() => admin.assets.create(input));
    expect(asset).toMatchObject({
      tag: input.tag,
      name: input.name,
      model: 'ThinkPad T14',
      serialNumber: null,
      stage: 'in_stock',
      condition: 'new',
      holder: null,
      purchaseDate: '2024-02-29',
      purchaseCost: 1234.5,
      warrantyEnd: '2027-02-28',
    });
    expect(await admin.assets.get({ id: asset.id })).toEqual(asset);
    expect(event.event).toMatchObject({
      actor: { id: adminUser.id, username: adminUser.username },
      entity: 'asset',
      entityId: asset.id,
      action: 'created',
      before: null,
      after: recorded(asset),
    });
  });

  it('updates fields and records before and after, for the holder to see too', async () => {
    const asset = await createHeldAsset(db(), employeeUser.id, { location: 'Berlin' });
    const before = await admin.assets.get({ id: asset.id });
    const { result: after, event } = await withOneEvent(() =>
      manager.assets.update({ id: asset.id, patch: { location: 'Lisbon', notes: 'New dock', model: null } }),
    );
    expect(after).toMatchObject({ location: 'Lisbon', notes: 'New dock', model: null, stage: 'deployed' });
    expect(after.holder?.id).toBe(employeeUser.id);
    expect(event.event).toMatchObject({
      actor: { id: managerUser.id },
      entity: 'asset',
      entityId: asset.id,
      action: 'updated',
      before: recorded(before),
      after: recorded(after),
    });
    expect(event.audience).toEqual([employeeUser.id]);
  });

  it('refuses a duplicate tag in any case with CONFLICT ASSET_TAG_TAKEN, on create and on update', async () => {
    const existing = await createAsset(db(), { tag: unique('DUP').toUpperCase() });
    const other = await createAsset(db());
    const assetCount = async () =>
      Number(
        (
          await db()
            .selectFrom('assets')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await assetCount();
    await refusedWithoutTrace(() => admin.assets.create(assetInput({ tag: existing.tag.toLowerCase() })), {
      code: 'CONFLICT',
      reason: 'ASSET_TAG_TAKEN',
    });
    expect(await assetCount()).toBe(before);
    await refusedWithoutTrace(
      () =>
        admin.assets.update({ id: other.id, patch: { tag: existing.tag.toLowerCase(), name: 'Renamed' } }),
      { code: 'CONFLICT', reason: 'ASSET_TAG_TAKEN' },
      [other.id, existing.id],
    );
  });

  it('lets exactly one of 5 simultaneous creates with one tag through', async () => {
    const tag = unique('RACE').toUpperCase();
    const count = await countEvents(db());
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        admin.assets.create(assetInput({ tag: i % 2 ? tag : tag.toLowerCase() })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ cause: { reason: 'ASSET_TAG_TAKEN' } });
    }
    expect(await countEvents(db())).toBe(count + 1);
  });

  it('answers NOT_FOUND for an id that does not exist, on every operation', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const call of [
      () => admin.assets.get({ id }),
      () => admin.assets.update({ id, patch: { name: 'x' } }),
      () => admin.assets.transition({ id, to: 'lost', reason: 'gone' }),
      () => admin.assets.remove({ id }),
      () => admin.assets.history({ id }),
    ]) {
      await refusedWithoutTrace(call, { code: 'NOT_FOUND', reason: 'NOT_FOUND' });
    }
  });
});

describe('transition', () => {
  it('moves the stage and records the reason with before and after', async () => {
    const asset = await createAsset(db());
    const { result, event } = await withOneEvent(() =>
      admin.assets.transition({ id: asset.id, to: 'in_maintenance', reason: '  Cracked screen ' }),
    );
    expect(result.stage).toBe('in_maintenance');
    expect(event.event).toMatchObject({
      actor: { id: adminUser.id },
      entity: 'asset',
      entityId: asset.id,
      action: 'transitioned',
      reason: 'Cracked screen',
      before: { stage: 'in_stock' },
      after: { stage: 'in_maintenance' },
    });
    expect(event.event.after).toEqual(recorded(result));
  });

  it.each(ASSET_STAGES)(
    'from %s to a stage it cannot reach: INVALID_TRANSITION with the allowed list',
    async (from) => {
      const asset = await createAsset(db(), { stage: from });
      // Nothing ever goes back to `ordered`, so it is a refused target from every stage.
      const error = await refusedWithoutTrace(
        () => admin.assets.transition({ id: asset.id, to: 'ordered', reason: 'test' }),
        { code: 'BAD_REQUEST', reason: 'INVALID_TRANSITION' },
        [asset.id],
      );
      expect((error.cause as { details?: unknown }).details).toEqual({
        from,
        to: 'ordered',
        allowed: [...TRANSITIONS[from]],
      });
    },
  );

  it('sends details.allowed to HTTP clients', async () => {
    const http = trpcHttp(await testApp.start());
    const token = await login(await testApp.caller(), adminUser);
    const asset = await createAsset(db(), { stage: 'retired' });
    const res = await http.mutation(
      'assets.transition',
      { id: asset.id, to: 'deployed', reason: 'x' },
      bearer(token),
    );
    expect(res.status).toBe(400);
    expect(res.error.data).toMatchObject({
      reason: 'INVALID_TRANSITION',
      details: { from: 'retired', to: 'deployed', allowed: [...TRANSITIONS.retired] },
    });
  });

  it.each<AssetStage>(['in_stock', 'in_maintenance'])(
    'refuses %s -> deployed without a holder: CHECK_OUT_REQUIRED',
    async (from) => {
      const asset = await createAsset(db(), { stage: from });
      await refusedWithoutTrace(
        () => admin.assets.transition({ id: asset.id, to: 'deployed', reason: 'hand out' }),
        { code: 'BAD_REQUEST', reason: 'CHECK_OUT_REQUIRED' },
        [asset.id],
      );
    },
  );

  it('refuses to move a held asset out of the held stages: CHECK_IN_REQUIRED', async () => {
    const asset = await createHeldAsset(db(), employeeUser.id);
    await refusedWithoutTrace(
      () => admin.assets.transition({ id: asset.id, to: 'in_stock', reason: 'back' }),
      { code: 'BAD_REQUEST', reason: 'CHECK_IN_REQUIRED' },
      [asset.id],
    );
    // A held laptop can go to repair and come back to its holder.
    await withOneEvent(() =>
      admin.assets.transition({ id: asset.id, to: 'in_maintenance', reason: 'repair' }),
    );
    const { result } = await withOneEvent(() =>
      admin.assets.transition({ id: asset.id, to: 'deployed', reason: 'repaired' }),
    );
    expect(result).toMatchObject({ stage: 'deployed', holder: { id: employeeUser.id } });
  });

  it('serialises 10 simultaneous transitions of one asset between in_stock and in_maintenance', async () => {
    const asset = await createAsset(db());
    const lastId = await maxEventId(db());
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        admin.assets.transition({
          id: asset.id,
          to: i % 2 === 0 ? 'in_maintenance' : 'in_stock',
          reason: `round ${i}`,
        }),
      ),
    );
    const successes = results.filter((r) => r.status === 'fulfilled').length;
    expect(successes).toBeGreaterThanOrEqual(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({ cause: { reason: 'INVALID_TRANSITION' } });
    }
    const events = (await listEventsAfter(db(), lastId, { limit: 100 })).map((s) => s.event);
    expect(events).toHaveLength(successes);
    // Each recorded move starts where the previous one ended.
    let stage = 'in_stock';
    for (const event of events) {
      expect(event.entityId).toBe(asset.id);
      expect(event.before?.stage).toBe(stage);
      stage = event.after?.stage as string;
      expect(stage).not.toBe(event.before?.stage);
    }
    const final = await findAssetById(db(), asset.id);
    expect(final?.stage).toBe(stage);
    expect(final?.stage).toBe(successes % 2 === 0 ? 'in_stock' : 'in_maintenance');
  });
});

describe('remove and history', () => {
  it('removes an asset registered by mistake; its history stays readable', async () => {
    const { result: asset } = await withOneEvent(() => admin.assets.create(assetInput()));
    const { result, event } = await withOneEvent(() => manager.assets.remove({ id: asset.id }));
    expect(result).toEqual({ id: asset.id });
    expect(event.event).toMatchObject({
      actor: { id: managerUser.id },
      entity: 'asset',
      entityId: asset.id,
      action: 'removed',
      before: recorded(asset),
      after: null,
    });
    await expect(admin.assets.get({ id: asset.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const history = await admin.assets.history({ id: asset.id });
    expect(history.items.map((e) => e.action)).toEqual(['removed', 'created']);
  });

  it.each<AssetStage>(['deployed', 'in_maintenance', 'retired', 'lost', 'disposed'])(
    'refuses to remove an asset in %s: NOT_REMOVABLE',
    async (stage) => {
      const asset = await createAsset(db(), { stage });
      await refusedWithoutTrace(
        () => admin.assets.remove({ id: asset.id }),
        { code: 'CONFLICT', reason: 'NOT_REMOVABLE' },
        [asset.id],
      );
    },
  );

  it('refuses to remove an in-stock asset that was once handed out: NOT_REMOVABLE', async () => {
    const asset = await createAsset(db());
    // Started a minute ago on the test's clock, so ending it now passes ended_at >= started_at.
    const { id } = await insertAssignment(db(), {
      assetId: asset.id,
      userId: employeeUser.id,
      startedAt: new Date(Date.now() - 60_000),
    });
    await db().updateTable('assignments').set({ ended_at: new Date() }).where('id', '=', id).execute();
    await refusedWithoutTrace(
      () => admin.assets.remove({ id: asset.id }),
      { code: 'CONFLICT', reason: 'NOT_REMOVABLE' },
      [asset.id],
    );
  });

  it('pages the history newest first without gaps', async () => {
    const { result: asset } = await withOneEvent(() => admin.assets.create(assetInput()));
    for (const location of ['A', 'B', 'C', 'D']) {
      await admin.assets.update({ id: asset.id, patch: { location } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Caller['assets']['history']>> = await admin.assets.history({
        id: asset.id,
        cursor,
        limit: 2,
      });
      seen.push(...page.items.map((e) => `${e.action}:${e.after?.location ?? ''}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['updated:D', 'updated:C', 'updated:B', 'updated:A', 'created:']);
  });
});

describe('list filters', () => {
  let marker: string;
  const made: Record<string, Asset> = {};

  beforeAll(async () => {
    marker = unique('flt').toLowerCase();
    const add = async (key: string, overrides: Parameters<typeof createAsset>[1]) => {
      made[key] = await createAsset(db(), { name: `${marker} ${key}`, ...overrides });
    };
    await add('laptop-stock', { type: 'laptop', stage: 'in_stock' });
    await add('monitor-repair', { type: 'monitor', stage: 'in_maintenance' });
    await add('phone-retired', { type: 'phone', stage: 'retired' });
    await add('by-serial', { serialNumber: `SN-${marker.toUpperCase()}-SERIALONLY` });
    await add('by-model', { model: `Model ${marker.toUpperCase()} modelonly` });
    await add('50% off', {});
    await add('50x off', {});
    await add('50 off', {});
    await add('a_b', {});
    await add('axb', {});
    made.held = await createHeldAsset(db(), employeeUser.id, { name: `${marker} held` });
  });

  async function names(input: Parameters<Caller['assets']['list']>[0]): Promise<string[]> {
    const { items } = await admin.assets.list({ limit: 200, ...input });
    return items.map((a) => a.name.slice(marker.length + 1)).sort();
  }

  it('filters by stage and by type, combined with q', async () => {
    expect(await names({ q: marker, stage: ['in_maintenance', 'retired'] })).toEqual([
      'monitor-repair',
      'phone-retired',
    ]);
    expect(await names({ q: marker, type: ['monitor', 'phone'] })).toEqual([
      'monitor-repair',
      'phone-retired',
    ]);
    expect(await names({ q: marker, stage: ['retired'], type: ['monitor'] })).toEqual([]);
  });

  it('filters by holder through the open assignment', async () => {
    const { items } = await admin.assets.list({ holderId: employeeUser.id, limit: 200 });
    expect(items.map((a) => a.id)).toContain(made.held!.id);
    expect(items.every((a) => a.holder?.id === employeeUser.id)).toBe(true);
    expect(await names({ q: marker, holderId: managerUser.id })).toEqual([]);
  });

  it('searches tag, name, serial number and model, ignoring case', async () => {
    expect(await names({ q: made['laptop-stock']!.tag.toLowerCase() })).toEqual(['laptop-stock']);
    expect(await names({ q: `${marker.toUpperCase()} LAPTOP-STOCK` })).toEqual(['laptop-stock']);
    expect(await names({ q: `${marker}-serialonly` })).toEqual(['by-serial']);
    expect(await names({ q: `${marker} MODELONLY` })).toEqual(['by-model']);
  });

  it('treats % and _ in q as the characters themselves', async () => {
    expect(await names({ q: `${marker} 50%` })).toEqual(['50% off']);
    expect(await names({ q: `${marker} a_b` })).toEqual(['a_b']);
    expect(await names({ q: `${marker} 50\\` })).toEqual([]);
  });
});

describe('keyset paging', () => {
  let marker: string;
  const created: Asset[] = [];

  beforeAll(async () => {
    marker = unique('page').toLowerCase();
    // Repeated names in mixed case, so the name sort must break ties by creation order.
    const names = ['Alpha', 'beta', 'ALPHA', 'Gamma', 'alpha', 'Beta', 'delta'];
    for (let i = 0; i < 23; i++) {
      created.push(
        await createAsset(db(), {
          tag: `${i % 2 ? marker.toUpperCase() : marker}-${String(i).padStart(2, '0')}`,
          name: `${marker} ${names[i % names.length]}`,
        }),
      );
    }
  });

  const walk = (sort: 'created' | 'tag' | 'name', limit: number): Promise<Asset[]> =>
    walkPages((cursor) => admin.assets.list({ q: marker, sort, cursor, limit }), limit);

  it.each(['created', 'tag', 'name'] as const)(
    'walks every page of sort=%s: no duplicates, no misses',
    async (sort) => {
      const whole = await walk(sort, 200);
      expect(whole).toHaveLength(created.length);
      for (const limit of [1, 5, 7, 23]) {
        const paged = await walk(sort, limit);
        const ids = paged.map((a) => a.id);
        expect(new Set(ids).size, `limit ${limit}`).toBe(ids.length);
        expect(ids, `limit ${limit}`).toEqual(whole.map((a) => a.id));
      }
      if (sort === 'created') expect(whole.map((a) => a.id)).toEqual(created.map((a) => a.id).reverse());
      if (sort === 'name') {
        // Equal names (ignoring case) come in creation order.
        const order = new Map(created.map((a, i) => [a.id, i]));
        for (let i = 1; i < whole.length; i++) {
          if (whole[i]!.name.toLowerCase() === whole[i - 1]!.name.toLowerCase()) {
            expect(order.get(whole[i]!.id)).toBeGreaterThan(order.get(whole[i - 1]!.id)!);
          }
        }
      }
    },
  );

  it('ends without a cursor when the last page is exactly full', async () => {
    const page = await admin.assets.list({ q: marker, limit: created.length });
    expect(page.items).toHaveLength(created.length);
    expect(page.nextCursor).toBeNull();
  });

  it.each([0, 201, 1000, -1, 2.5])('refuses limit %s with BAD_REQUEST', async (limit) => {
    await expect(admin.assets.list({ limit })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it.each([
    ['not base64 JSON', 'created', 'garbage!'],
    ['from another sort', 'created', encodeCursor('tag', ['a'])],
    ['missing its tie-breaker', 'name', encodeCursor('name', ['a'])],
    ['a fractional seq', 'created', encodeCursor('created', [1.5])],
    ['an unsafe integer', 'created', encodeCursor('created', [2 ** 60])],
    ['a JSON object', 'tag', Buffer.from('{"kind":"tag"}').toString('base64url')],
  ] as const)('refuses a cursor that is %s: BAD_REQUEST INVALID_CURSOR', async (_label, sort, cursor) => {
    const error = await admin.assets.list({ sort, cursor }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', cause: { reason: 'INVALID_CURSOR' } });
  });
});
