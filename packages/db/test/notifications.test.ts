/**
 * The notifications module against a real database: a reminder exists once per recipient however
 * often (and however concurrently) it is inserted, the inbox pages newest first with an unread
 * filter, marking read touches only the recipient's own, and the doorbell rings on commit only.
 */
import { randomUUID } from 'node:crypto';
import type { Reminder, Role } from '@itam/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEvent,
  countUnreadNotifications,
  insertNotifications,
  insertUser,
  LISTENER_APPLICATION_NAME,
  latestNotificationId,
  listNotifications,
  listNotificationsAfter,
  markNotificationsRead,
  NOTIFICATIONS_CHANNEL,
  tryLockNotificationJob,
} from '../src/index.ts';
import { createTestDatabase, describeBackend, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 12 });
});

afterAll(async () => {
  await database?.close();
});

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function person(role: Role = 'employee') {
  const username = unique('u');
  return insertUser(database.db, { username, email: `${username}@example.test`, passwordHash: 'x', role });
}

function reminder(recipientId: string, key: string, overrides: Partial<Reminder> = {}): Reminder {
  return {
    recipientId,
    kind: 'overdue_return',
    subject: { type: 'asset', id: randomUUID() },
    dedupeKey: key,
    title: `Please return ${key}`,
    body: 'It was due back yesterday.',
    payload: { assetTag: key, daysOverdue: 1 },
    ...overrides,
  };
}

describe(`notifications (${describeBackend()})`, () => {
  it('inserts a reminder once per recipient and key, and the same key for another person', async () => {
    const [dana, lee] = [await person(), await person()];
    const key = unique('overdue_return:s');
    expect(await insertNotifications(database.db, [reminder(dana.id, key), reminder(lee.id, key)])).toBe(2);
    expect(await insertNotifications(database.db, [reminder(dana.id, key), reminder(lee.id, key)])).toBe(0);
    const { items } = await listNotifications(database.db, { recipientId: dana.id, limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'overdue_return',
      title: `Please return ${key}`,
      payload: { assetTag: key, daysOverdue: 1 },
      readAt: null,
    });
  });

  it('keeps one row when 10 transactions insert the same reminders at once', async () => {
    const dana = await person();
    const reminders = Array.from({ length: 20 }, (_, i) => reminder(dana.id, `race:${i}`));
    const inserted = await Promise.all(
      Array.from({ length: 10 }, () =>
        database.db.transaction().execute((trx) => insertNotifications(trx, reminders)),
      ),
    );
    expect(inserted.reduce((a, b) => a + b, 0)).toBe(20);
    expect(await countUnreadNotifications(database.db, dana.id)).toBe(20);
  });

  it('pages the inbox newest first by keyset, with an unread-only filter', async () => {
    const dana = await person();
    await insertNotifications(
      database.db,
      Array.from({ length: 7 }, (_, i) => reminder(dana.id, `page:${i}`)),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listNotifications(database.db, { recipientId: dana.id, cursor, limit: 3 });
      seen.push(...page.items.map((n) => n.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Please return page:${i}`));

    const all = await listNotifications(database.db, { recipientId: dana.id, limit: 10 });
    const ids = all.items.map((n) => Number(n.id));
    expect(await markNotificationsRead(database.db, dana.id, { ids: [ids[0]!, ids[2]!] })).toBe(2);
    // Again: nothing left to change.
    expect(await markNotificationsRead(database.db, dana.id, { ids: [ids[0]!] })).toBe(0);
    const unread = await listNotifications(database.db, { recipientId: dana.id, unread: true, limit: 10 });
    expect(unread.items.map((n) => Number(n.id))).toEqual(ids.filter((_, i) => i !== 0 && i !== 2));
    expect(await countUnreadNotifications(database.db, dana.id)).toBe(5);
  });

  it("marks only the recipient's own notifications read, by id or all", async () => {
    const [dana, lee] = [await person(), await person()];
    await insertNotifications(database.db, [reminder(dana.id, 'own:1'), reminder(lee.id, 'own:1')]);
    await insertNotifications(database.db, [reminder(lee.id, 'own:2')]);
    const leeIds = (await listNotifications(database.db, { recipientId: lee.id, limit: 10 })).items.map((n) =>
      Number(n.id),
    );
    expect(await markNotificationsRead(database.db, dana.id, { ids: leeIds })).toBe(0);
    expect(await countUnreadNotifications(database.db, lee.id)).toBe(2);
    expect(await markNotificationsRead(database.db, dana.id, 'all')).toBe(1);
    expect(await countUnreadNotifications(database.db, dana.id)).toBe(0);
    expect(await countUnreadNotifications(database.db, lee.id)).toBe(2);
    const readAt = (await listNotifications(database.db, { recipientId: dana.id, limit: 1 })).items[0]!
      .readAt;
    expect(Number.isNaN(Date.parse(readAt!))).toBe(false);
  });

  it('lists everything after an id in id order, or one recipient’s', async () => {
    const [dana, lee] = [await person(), await person()];
    const start = await latestNotificationId(database.db);
    await insertNotifications(database.db, [reminder(dana.id, 'after:1'), reminder(lee.id, 'after:1')]);
    await insertNotifications(database.db, [reminder(dana.id, 'after:2')]);
    const all = await listNotificationsAfter(database.db, start, { limit: 10 });
    expect(all.map((n) => n.recipientId)).toEqual([dana.id, lee.id, dana.id]);
    const ids = all.map((n) => Number(n.notification.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const danas = await listNotificationsAfter(database.db, start, { limit: 10, recipientId: dana.id });
    expect(danas.map((n) => n.notification.title)).toEqual([
      'Please return after:1',
      'Please return after:2',
    ]);
  });

  it('rings the doorbell when an insert commits, not when it rolls back', async () => {
    const dana = await person();
    let rings = 0;
    const stop = await database.listen(NOTIFICATIONS_CHANNEL, () => {
      rings += 1;
    });
    try {
      await database.db
        .transaction()
        .execute(async (trx) => {
          await insertNotifications(trx, [reminder(dana.id, 'bell:rolled-back')]);
          throw new Error('roll back');
        })
        .catch(() => {});
      await insertNotifications(database.db, [reminder(dana.id, 'bell:kept')]);
      await expect.poll(() => rings, { timeout: 5_000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(rings).toBe(1);
    } finally {
      await stop();
    }
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'listens to the events and notifications channels on one connection, and hears both',
    async () => {
      const dana = await person();
      const heard: string[] = [];
      const stops = await Promise.all(
        ['itam_events', NOTIFICATIONS_CHANNEL].map((channel) =>
          database.listen(channel, () => heard.push(channel)),
        ),
      );
      try {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(
          database.db,
        );
        expect(rows[0]!.n).toBe(1);
        await insertNotifications(database.db, [reminder(dana.id, 'shared:1')]);
        await database.db
          .transaction()
          .execute((trx) =>
            appendEvent(trx, { actor: null, entity: 'user', entityId: dana.id, action: 'x' }),
          );
        await expect
          .poll(() => [...heard].sort(), { timeout: 5_000 })
          .toEqual(['itam_events', NOTIFICATIONS_CHANNEL]);
      } finally {
        for (const stop of stops) await stop();
      }
    },
  );

  it('lets one transaction at a time hold the job lock', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first!: (locked: boolean) => void;
    const firstLocked = new Promise<boolean>((resolve) => {
      first = resolve;
    });
    const holder = database.db.transaction().execute(async (trx) => {
      first(await tryLockNotificationJob(trx));
      await held;
    });
    expect(await firstLocked).toBe(true);
    if (database.kind === 'postgres') {
      // A second session cannot take it while the first transaction runs.
      const second = await database.db.transaction().execute((trx) => tryLockNotificationJob(trx));
      expect(second).toBe(false);
    }
    release();
    await holder;
    // Released at commit.
    expect(await database.db.transaction().execute((trx) => tryLockNotificationJob(trx))).toBe(true);
  });
});
