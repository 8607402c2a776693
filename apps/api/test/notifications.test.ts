/**
 * Notifications on real data: the job produces each kind for the right people, each exactly once
 * however many runs overlap (in one process, and from two processes on PostgreSQL), and the inbox
 * procedures and the live stream show each person only their own.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  type DB,
  insertAssignment,
  insertLicense,
  insertMaintenance,
  insertSeats,
  isPostgresUrl,
  type Kysely,
  loadNotificationInput,
  updateUser,
} from '@itam/db';
import { addDays, computeReminders, type Notification, todayUtc } from '@itam/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNotificationJob } from '../src/jobs/notifications.ts';
import { createAsset, createUser, login, type TestUser, unique } from './factories.ts';
import { openTestApp, type TestApp } from './harness.ts';

const run = promisify(execFile);
const onPostgres = isPostgresUrl(process.env.DATABASE_URL);
const NOW = new Date();
const TODAY = todayUtc(NOW);

let testApp: TestApp;
let db: Kysely<DB>;
let people: { admin: TestUser; manager: TestUser; retired: TestUser; dana: TestUser; lee: TestUser };
const subjects: Record<string, string> = {};

/** Every (recipient, dedupe key) in the table, as "username key" strings, sorted. */
async function rows(): Promise<{ recipient: string; key: string; kind: string; title: string }[]> {
  const found = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.recipient_id')
    .select(['u.username', 'n.dedupe_key', 'n.kind', 'n.title'])
    .orderBy('n.id')
    .execute();
  return found.map((r) => ({ recipient: r.username, key: r.dedupe_key, kind: r.kind, title: r.title }));
}

/** What the domain says should exist after a run on `day`: every (recipient, key) pair. */
async function expectedPairs(day: string): Promise<string[]> {
  const reminders = computeReminders(await loadNotificationInput(db, day));
  return reminders.map((r) => `${r.recipientId} ${r.dedupeKey}`).sort();
}

async function tablePairs(): Promise<string[]> {
  const found = await db.selectFrom('notifications').select(['recipient_id', 'dedupe_key']).execute();
  return found.map((r) => `${r.recipient_id} ${r.dedupe_key}`).sort();
}

beforeAll(async () => {
  // The job runs when the tests say, not on a timer; the server starts for its live hubs.
  testApp = await openTestApp({ ITAM_NOTIFICATION_INTERVAL_SECONDS: '0' });
  await testApp.start();
  db = testApp.database.db;
  people = {
    admin: await createUser(db, { role: 'admin' }),
    manager: await createUser(db, { role: 'manager' }),
    retired: await createUser(db, { role: 'manager' }),
    dana: await createUser(db),
    lee: await createUser(db),
  };
  await updateUser(db, people.retired.id, { disabled: true });

  // dana holds a laptop that was due back 3 days ago, with maintenance due today.
  const laptop = await createAsset(db, { stage: 'deployed', tag: unique('LATE').toUpperCase() });
  const assignment = await insertAssignment(db, {
    assetId: laptop.id,
    userId: people.dana.id,
    expectedReturn: addDays(TODAY, -3),
  });
  const maintenance = await insertMaintenance(db, {
    assetId: laptop.id,
    type: 'inspection',
    scheduledFor: TODAY,
    details: 'yearly check',
  });
  // A disabled employee's late laptop: staff are told, the disabled holder is not.
  const gone = await createUser(db);
  const gonesLaptop = await createAsset(db, { stage: 'deployed' });
  const gonesAssignment = await insertAssignment(db, {
    assetId: gonesLaptop.id,
    userId: gone.id,
    expectedReturn: addDays(TODAY, -1),
  });
  await updateUser(db, gone.id, { disabled: true });
  // lee holds one that is not due yet.
  const fine = await createAsset(db, { stage: 'deployed' });
  await insertAssignment(db, { assetId: fine.id, userId: people.lee.id, expectedReturn: addDays(TODAY, 10) });
  // A monitor whose warranty ends in 10 days, a license expiring in 7, one expired with a seat in use.
  const monitor = await createAsset(db, { warrantyEnd: addDays(TODAY, 10) });
  const renewing = await insertLicense(db, {
    name: unique('Renewing'),
    seats: 5,
    expiryDate: addDays(TODAY, 7),
  });
  const expired = await insertLicense(db, {
    name: unique('Expired'),
    seats: 2,
    expiryDate: addDays(TODAY, -2),
  });
  await db.transaction().execute((trx) => insertSeats(trx, expired.license.id, [{ userId: people.lee.id }]));
  Object.assign(subjects, {
    laptop: laptop.id,
    assignment: assignment.id,
    maintenance: maintenance.id,
    monitor: monitor.id,
    gonesAssignment: gonesAssignment.id,
    renewing: renewing.license.id,
    renewingExpiry: addDays(TODAY, 7),
    expired: expired.license.id,
    expiredOn: addDays(TODAY, -2),
  });
});

afterAll(async () => {
  await testApp?.close();
});

describe('the notification job on real data', () => {
  it('produces each kind for its recipients: staff, the holder where it concerns them, nobody disabled', async () => {
    const result = await runNotificationJob(testApp.database, NOW);
    expect(result.ran).toBe(true);
    const found = await rows();
    expect(result.created).toBe(found.length);
    const who = (key: string) =>
      found
        .filter((r) => r.key === key)
        .map((r) => r.recipient)
        .sort();
    const staff = [people.admin.username, people.manager.username].sort();
    const withDana = [...staff, people.dana.username].sort();

    expect(who(`license_renewal:${subjects.renewing}:${subjects.renewingExpiry}:7d`)).toEqual(staff);
    expect(who(`license_expired_assigned:${subjects.expired}:${subjects.expiredOn}`)).toEqual(staff);
    expect(who(`overdue_return:${subjects.assignment}:${addDays(TODAY, -3)}`)).toEqual(withDana);
    expect(who(`warranty_ending:${subjects.monitor}:${addDays(TODAY, 10)}`)).toEqual(staff);
    expect(who(`maintenance_due:${subjects.maintenance}:${TODAY}`)).toEqual(withDana);
    expect(who(`overdue_return:${subjects.gonesAssignment}:${addDays(TODAY, -1)}`)).toEqual(staff);
    // lee holds a seat of the expired license and an asset not yet due: nothing for lee.
    expect(found.filter((r) => r.recipient === people.lee.username)).toEqual([]);
    expect(found.filter((r) => r.recipient === people.retired.username)).toEqual([]);
    expect(new Set(found.map((r) => r.kind)).size).toBe(5);
    expect(
      found.find((r) => r.recipient === people.dana.username && r.kind === 'overdue_return')?.title,
    ).toMatch(/^Please return /);
  });

  it('creates nothing on a second run the same day, and the next window’s reminder when it comes', async () => {
    const before = await tablePairs();
    expect(await runNotificationJob(testApp.database, NOW)).toEqual({ ran: true, created: 0 });
    expect(await tablePairs()).toEqual(before);
    // Six days on, the license is one day from expiry: its 1-day reminder, to both staff.
    const later = new Date(NOW.getTime() + 6 * 86_400_000);
    await runNotificationJob(testApp.database, later);
    const keys = (await rows()).map((r) => r.key);
    expect(
      keys.filter((k) => k === `license_renewal:${subjects.renewing}:${subjects.renewingExpiry}:1d`),
    ).toHaveLength(2);
  });

  it('makes each reminder exactly once when 6 runs overlap in one process', async () => {
    const day = new Date(NOW.getTime() + 20 * 86_400_000);
    const expected = [...new Set([...(await tablePairs()), ...(await expectedPairs(todayUtc(day)))])].sort();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => runNotificationJob(testApp.database, day)),
    );
    expect(results.some((r) => r.ran)).toBe(true);
    expect(await tablePairs()).toEqual(expected);
  });

  it.skipIf(!onPostgres)(
    'makes each reminder exactly once when two separate processes run it at the same time, 5 times each',
    async () => {
      const day = new Date(NOW.getTime() + 40 * 86_400_000);
      // Something new is due that day: a return expected the day before.
      const asset = await createAsset(db, { stage: 'deployed' });
      const late = await insertAssignment(db, {
        assetId: asset.id,
        userId: people.lee.id,
        expectedReturn: addDays(todayUtc(day), -1),
      });
      const expected = [
        ...new Set([...(await tablePairs()), ...(await expectedPairs(todayUtc(day)))]),
      ].sort();
      const script = path.resolve(import.meta.dirname, 'notification-job-process.ts');
      // Both processes start their runs at the same moment, well after either has loaded.
      const startAt = String(Date.now() + 6_000);
      const outputs = await Promise.all(
        [1, 2].map(() =>
          run(
            process.execPath,
            ['--import', 'tsx', script, testApp.database.url, day.toISOString(), '5', startAt],
            {
              cwd: path.resolve(import.meta.dirname, '..'),
            },
          ),
        ),
      );
      const results = outputs.flatMap(
        (o) => JSON.parse(o.stdout.trim()) as { ran: boolean; created: number }[],
      );
      expect(results).toHaveLength(10);
      const created = results.reduce((sum, r) => sum + r.created, 0);
      expect(await tablePairs()).toEqual(expected);
      expect(created).toBeGreaterThan(0);
      // What the two processes created adds up to what was missing: nothing twice.
      const lees = (await rows()).filter(
        (r) => r.recipient === people.lee.username && r.key.startsWith(`overdue_return:${late.id}:`),
      );
      expect(lees).toHaveLength(1);
    },
  );
});

describe('the inbox procedures', () => {
  let dana: Awaited<ReturnType<TestApp['caller']>>;
  let admin: Awaited<ReturnType<TestApp['caller']>>;

  beforeAll(async () => {
    dana = await testApp.caller(await login(await testApp.caller(), people.dana));
    admin = await testApp.caller(await login(await testApp.caller(), people.admin));
  });

  it('list only the caller’s own, newest first, paged, and count the unread', async () => {
    const own = (await rows()).filter((r) => r.recipient === people.dana.username);
    const first = await dana.notifications.list({ limit: 1 });
    const second = await dana.notifications.list({ limit: 50, cursor: first.nextCursor });
    const items = [...first.items, ...second.items];
    expect(items.map((n) => n.title).reverse()).toEqual(own.map((r) => r.title));
    expect(await dana.notifications.unreadCount()).toEqual({ count: own.length });
    const adminIds = (await admin.notifications.list({ limit: 200 })).items.map((n) => n.id);
    expect(adminIds.some((id) => items.some((n) => n.id === id))).toBe(false);
  });

  it('marks read by id only the caller’s own, then all', async () => {
    const adminItems = (await admin.notifications.list({ limit: 200 })).items;
    const danaItems = (await dana.notifications.list({ limit: 200 })).items;
    // dana sends the admin's ids: nothing changes.
    expect(await dana.notifications.markRead({ ids: adminItems.map((n) => n.id).slice(0, 500) })).toEqual({
      updated: 0,
    });
    expect((await admin.notifications.unreadCount()).count).toBe(adminItems.length);
    expect(await dana.notifications.markRead({ ids: [danaItems[0]!.id] })).toEqual({ updated: 1 });
    expect((await dana.notifications.list({ unread: true })).items.map((n) => n.id)).toEqual(
      danaItems.slice(1).map((n) => n.id),
    );
    expect(await dana.notifications.markRead({ all: true })).toEqual({ updated: danaItems.length - 1 });
    expect(await dana.notifications.unreadCount()).toEqual({ count: 0 });
    expect((await admin.notifications.unreadCount()).count).toBe(adminItems.length);
  });

  it('refuses neither ids nor all, and both, with a reason', async () => {
    for (const input of [{}, { ids: ['1'], all: true }]) {
      const error = await dana.notifications.markRead(input as never).catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('BAD_REQUEST');
    }
  });
});

describe('notifications.onNew', () => {
  /** Reads values from a subscription's iterator until `count` arrived or `ms` passed. */
  async function take(iterator: AsyncIterator<unknown>, count: number, ms: number) {
    const got: { id: string; data: Notification }[] = [];
    const deadline = Date.now() + ms;
    while (got.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const next = await Promise.race([
        iterator.next(),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), left);
        }),
      ]);
      clearTimeout(timer);
      if (next === 'timeout' || next.done) break;
      // Through a caller (no transport), a tracked value is the envelope [id, data].
      const [id, data] = next.value as [string, Notification];
      got.push({ id, data });
    }
    return got;
  }

  it('streams a person’s new notifications live, only theirs, and resumes after a given id', async () => {
    const abort = new AbortController();
    const danaToken = await login(await testApp.caller(), people.dana);
    const leeToken = await login(await testApp.caller(), people.lee);
    const danaStream = (await (await testApp.caller(danaToken, abort.signal)).notifications.onNew({}))[
      Symbol.asyncIterator
    ]();
    const leeStream = (await (await testApp.caller(leeToken, abort.signal)).notifications.onNew({}))[
      Symbol.asyncIterator
    ]();
    try {
      const danaReading = take(danaStream, 2, 4_000);
      const leeReading = take(leeStream, 1, 3_000);
      // New for dana: a second laptop overdue.
      const second = await createAsset(db, { stage: 'deployed' });
      await insertAssignment(db, {
        assetId: second.id,
        userId: people.dana.id,
        expectedReturn: addDays(TODAY, -1),
      });
      await runNotificationJob(testApp.database, NOW);
      const got = await danaReading;
      expect(got.map((g) => g.data.kind)).toEqual(['overdue_return']);
      expect(got[0]!.data.subject).toEqual({ type: 'asset', id: second.id });
      expect(await leeReading).toEqual([]);

      // Resuming from before it gives exactly the ones after.
      const all = (await (await testApp.caller(danaToken)).notifications.list({ limit: 200 })).items;
      const resumed = (
        await (await testApp.caller(danaToken, abort.signal)).notifications.onNew({ lastEventId: all[2]!.id })
      )[Symbol.asyncIterator]();
      const replay = await take(resumed, 2, 5_000);
      expect(replay.map((r) => r.id)).toEqual([all[1]!.id, all[0]!.id]);
    } finally {
      abort.abort();
    }
  });

  it('ends with SESSION_EXPIRED when the session ends', async () => {
    const abort = new AbortController();
    const token = await login(await testApp.caller(), people.dana);
    const caller = await testApp.caller(token, abort.signal);
    const stream = (await caller.notifications.onNew({}))[Symbol.asyncIterator]();
    try {
      const pending = stream.next().catch((e: unknown) => e);
      await caller.auth.logout();
      await testApp.services.hub.checkSessions();
      const error = await pending;
      expect((error as { cause?: { reason?: string } }).cause?.reason).toBe('SESSION_EXPIRED');
    } finally {
      abort.abort();
    }
  });
});
