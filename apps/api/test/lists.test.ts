/**
 * The list filters and sorts beyond the assets table: licenses by expiry, users by status and
 * newest first, maintenance by type and scheduled date, the audit trail by event type and oldest
 * first. Each sort is walked page by page at several page sizes: no duplicates, no misses, and
 * the order the index gives. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { appendEvent, encodeCursor, insertLicense, insertMaintenance } from '@itam/db';
import type { MaintenanceType } from '@itam/domain';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAsset, createUser, unique } from './factories.ts';
import { useTestApp } from './harness.ts';
import { invalidCursor, walkPages as walk } from './paging.ts';

const used = useTestApp();
const db = () => used.db;

describe('licenses.list sort=expiry', () => {
  const marker = unique('lic').toLowerCase();
  // Repeated dates (ties broken by creation) and licenses that never expire (last).
  const dates = [
    '2031-03-01',
    null,
    '2030-01-15',
    '2031-03-01',
    null,
    '2030-01-15',
    '2029-12-31',
    '2031-03-01',
  ];
  const created: { id: string; expiryDate: string | null }[] = [];

  beforeAll(async () => {
    for (const [i, expiryDate] of dates.entries()) {
      const stored = await insertLicense(db(), { name: `${marker} ${9 - i}`, seats: 5, expiryDate });
      created.push({ id: stored.license.id, expiryDate });
    }
  });

  const expected = () =>
    created
      .map((l, i) => ({ ...l, i }))
      .sort((a, b) =>
        a.expiryDate === b.expiryDate
          ? a.i - b.i
          : a.expiryDate === null
            ? 1
            : b.expiryDate === null
              ? -1
              : a.expiryDate.localeCompare(b.expiryDate),
      )
      .map((l) => l.id);

  it.each([1, 2, 3, 8, 50])(
    'walks every page of %d: soonest first, undated last, ties by creation',
    async (limit) => {
      const items = await walk(
        (cursor) => used.admin.licenses.list({ q: marker, sort: 'expiry', cursor, limit }),
        limit,
      );
      expect(items.map((l) => l.id)).toEqual(expected());
    },
  );

  it('still sorts by name by default', async () => {
    const { items } = await used.admin.licenses.list({ q: marker, limit: 50 });
    expect(items.map((l) => l.name)).toEqual(created.map((_, i) => `${marker} ${9 - i}`).sort());
  });

  it('refuses a name cursor for the expiry sort, and a cursor with a malformed date', async () => {
    const byName = await used.admin.licenses.list({ q: marker, limit: 1 });
    await expect(
      used.admin.licenses.list({ sort: 'expiry', cursor: byName.nextCursor }),
    ).rejects.toMatchObject(invalidCursor);
    const bad = encodeCursor('licenses-expiry', ['tomorrow', 1]);
    await expect(used.admin.licenses.list({ sort: 'expiry', cursor: bad })).rejects.toMatchObject(
      invalidCursor,
    );
  });
});

describe('users.list status and sort=newest', () => {
  const marker = unique('usr').toLowerCase();
  const created: string[] = [];
  const disabled = new Set<string>();

  /** Newest first as the index orders them: by creation time, then by id, both descending. */
  const newestFirst = () =>
    created
      .map((id, i) => ({ id, at: CREATED_AT[i]! }))
      .sort((a, b) => b.at.localeCompare(a.at) || (a.id < b.id ? 1 : -1))
      .map((u) => u.id);
  // Set on purpose: two accounts share a creation time (microseconds apart would be luck), so
  // the id must break the tie, and the microseconds must survive the cursor.
  const CREATED_AT = [
    '2024-01-01T10:00:00.000001Z',
    '2024-01-01T10:00:00.000002Z',
    '2024-01-01T10:00:00.000002Z',
    '2024-02-01T00:00:00.000000Z',
    '2024-02-01T00:00:00.000000Z',
    '2024-02-01T00:00:00.000000Z',
    '2024-03-01T00:00:00.5Z',
  ];

  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      const user = await createUser(db(), { username: `${marker}-${String.fromCharCode(103 - i)}` });
      created.push(user.id);
      await db()
        .updateTable('users')
        .set({ created_at: sql`${CREATED_AT[i]!}::timestamptz` })
        .where('id', '=', user.id)
        .execute();
      if (i % 3 === 0) {
        await db().updateTable('users').set({ disabled: true }).where('id', '=', user.id).execute();
        disabled.add(user.id);
      }
    }
  });

  it('filters by status', async () => {
    const off = await used.admin.users.list({ q: marker, status: 'disabled', limit: 50 });
    expect(new Set(off.items.map((u) => u.id))).toEqual(disabled);
    expect(off.items.every((u) => u.disabled)).toBe(true);
    const on = await used.admin.users.list({ q: marker, status: 'active', limit: 50 });
    expect(on.items.map((u) => u.id).sort()).toEqual(created.filter((id) => !disabled.has(id)).sort());
    const managers = await used.admin.users.list({ q: marker, role: 'manager', status: 'active', limit: 50 });
    expect(managers.items).toEqual([]);
  });

  it.each([1, 2, 7, 50])('walks every page of %d newest first', async (limit) => {
    const items = await walk(
      (cursor) => used.admin.users.list({ q: marker, sort: 'newest', cursor, limit }),
      limit,
    );
    expect(items.map((u) => u.id)).toEqual(newestFirst());
  });

  it('still sorts by username by default (the reverse of creation here)', async () => {
    const { items } = await used.admin.users.list({ q: marker, limit: 50 });
    expect(items.map((u) => u.id)).toEqual([...created].reverse());
    const byName = await used.admin.users.list({ q: marker, limit: 2 });
    const byNewest = await used.admin.users.list({ q: marker, sort: 'newest', limit: 2 });
    expect(byName.nextCursor).not.toBe(byNewest.nextCursor);
  });

  it('refuses a username cursor for the newest sort, and a forged timestamp', async () => {
    const byName = await used.admin.users.list({ q: marker, limit: 1 });
    await expect(used.admin.users.list({ sort: 'newest', cursor: byName.nextCursor })).rejects.toMatchObject(
      invalidCursor,
    );
    const forged = encodeCursor('users-newest', ["now'); drop table users; --", created[0]!]);
    await expect(used.admin.users.list({ sort: 'newest', cursor: forged })).rejects.toMatchObject(
      invalidCursor,
    );
  });
});

describe('maintenance.list type and sort=scheduled', () => {
  let assetId: string;
  const plan: { type: MaintenanceType; scheduledFor: string }[] = [
    { type: 'repair', scheduledFor: '2030-05-01' },
    { type: 'upgrade', scheduledFor: '2030-01-01' },
    { type: 'repair', scheduledFor: '2030-05-01' },
    { type: 'inspection', scheduledFor: '2029-06-30' },
    { type: 'repair', scheduledFor: '2030-01-01' },
    { type: 'cleaning', scheduledFor: '2031-01-01' },
  ];
  const created: { id: string; type: MaintenanceType; scheduledFor: string }[] = [];

  beforeAll(async () => {
    assetId = (await createAsset(db())).id;
    for (const p of plan) {
      const record = await insertMaintenance(db(), { assetId, ...p, details: 'planned' });
      created.push({ id: record.id, ...p });
    }
  });

  it('filters by one or more types, newest first', async () => {
    const repairs = await used.admin.maintenance.list({ assetId, type: ['repair'], limit: 50 });
    expect(repairs.items.map((m) => m.id)).toEqual(
      created
        .filter((m) => m.type === 'repair')
        .map((m) => m.id)
        .reverse(),
    );
    const two = await used.admin.maintenance.list({ assetId, type: ['upgrade', 'cleaning'], limit: 50 });
    expect(new Set(two.items.map((m) => m.type))).toEqual(new Set(['upgrade', 'cleaning']));
    expect(two.items).toHaveLength(2);
  });

  it.each([1, 2, 4, 50])('walks every page of %d by scheduled date, ties by creation', async (limit) => {
    const items = await walk(
      (cursor) => used.admin.maintenance.list({ assetId, sort: 'scheduled', cursor, limit }),
      limit,
    );
    const expected = created
      .map((m, i) => ({ ...m, i }))
      .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor) || a.i - b.i)
      .map((m) => m.id);
    expect(items.map((m) => m.id)).toEqual(expected);
  });

  it('combines type and sort, and refuses a cursor of the other sort', async () => {
    const { items } = await used.admin.maintenance.list({
      assetId,
      type: ['repair'],
      sort: 'scheduled',
      limit: 50,
    });
    expect(items.map((m) => m.scheduledFor)).toEqual(['2030-01-01', '2030-05-01', '2030-05-01']);
    const recent = await used.admin.maintenance.list({ assetId, limit: 1 });
    await expect(
      used.admin.maintenance.list({ assetId, sort: 'scheduled', cursor: recent.nextCursor }),
    ).rejects.toMatchObject(invalidCursor);
    const bad = encodeCursor('maintenance-scheduled', ['2030-02-30', 1]);
    await expect(used.admin.maintenance.list({ sort: 'scheduled', cursor: bad })).rejects.toMatchObject(
      invalidCursor,
    );
  });
});

describe('events.list type and order=oldest', () => {
  const entityId = unique('subject');
  const actions = ['created', 'checked_out', 'checked_in', 'checked_out', 'transitioned', 'checked_in'];
  const ids: string[] = [];

  beforeAll(async () => {
    for (const action of actions) {
      const event = await db()
        .transaction()
        .execute((trx) => appendEvent(trx, { actor: null, entity: 'asset', entityId, action }));
      ids.push(event.id);
    }
  });

  it('filters by event type', async () => {
    const { items } = await used.admin.events.list({ entityId, type: 'asset.checked_out', limit: 50 });
    expect(items.map((e) => e.id)).toEqual([ids[3], ids[1]]);
    expect(items.every((e) => e.action === 'checked_out')).toBe(true);
  });

  it('matches nothing when the type belongs to another entity than the one asked for', async () => {
    const { items } = await used.admin.events.list({
      entityId,
      entity: 'license',
      type: 'asset.checked_out',
    });
    expect(items).toEqual([]);
    const same = await used.admin.events.list({ entityId, entity: 'asset', type: 'asset.checked_in' });
    expect(same.items.map((e) => e.id)).toEqual([ids[5], ids[2]]);
  });

  it.each([1, 4, 50])('walks every page of %d oldest first, and newest first by default', async (limit) => {
    const oldest = await walk(
      (cursor) => used.admin.events.list({ entityId, order: 'oldest', cursor, limit }),
      limit,
    );
    expect(oldest.map((e) => e.id)).toEqual(ids);
    const newest = await walk((cursor) => used.admin.events.list({ entityId, cursor, limit }), limit);
    expect(newest.map((e) => e.id)).toEqual([...ids].reverse());
  });

  it('refuses an unknown type, and a cursor of the other order', async () => {
    await expect(used.admin.events.list({ type: 'asset.exploded' as never })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const newest = await used.admin.events.list({ entityId, limit: 1 });
    await expect(
      used.admin.events.list({ entityId, order: 'oldest', cursor: newest.nextCursor }),
    ).rejects.toMatchObject(invalidCursor);
  });
});
