import type {
  Notification,
  NotificationInput,
  NotificationKind,
  NotificationSubject,
  Reminder,
} from '@itam/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { loadComplianceInput } from './compliance.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DB } from './schema.ts';

/** The channel the notifications table rings on insert (see the 0003 migration). */
export const NOTIFICATIONS_CHANNEL = 'itam_notifications';

/** The advisory lock a notification job run holds for its transaction: one run at a time, across instances. */
const JOB_LOCK = 7236003;

type NotificationRow = Awaited<ReturnType<ReturnType<typeof selectNotifications>['execute']>>[number];

function selectNotifications(db: Kysely<DB>) {
  return db
    .selectFrom('notifications')
    .select([
      'id',
      'recipient_id',
      'kind',
      'subject_type',
      'subject_id',
      'title',
      'body',
      'payload',
      'created_at',
      'read_at',
    ]);
}

export function toNotification(row: NotificationRow): Notification {
  return {
    id: String(row.id),
    kind: row.kind as NotificationKind,
    subject: { type: row.subject_type as NotificationSubject, id: row.subject_id },
    title: row.title,
    body: row.body,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

/** A notification with its recipient, for live delivery. */
export interface AddressedNotification {
  recipientId: string;
  notification: Notification;
}

/**
 * Takes the job's lock for this transaction, if no other run holds it. A run that does not get
 * it skips its tick: another instance is producing the same reminders right now.
 */
export async function tryLockNotificationJob(trx: Transaction<DB>): Promise<boolean> {
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(${JOB_LOCK}) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/** What the reminder rules look at: the compliance input, plus the staff who receive reminders. */
export async function loadNotificationInput(db: Kysely<DB>, today: string): Promise<NotificationInput> {
  const [compliance, staff, disabled] = await Promise.all([
    loadComplianceInput(db, today),
    db
      .selectFrom('users')
      .select(['id', 'role'])
      .where('role', 'in', ['admin', 'manager'])
      .where('disabled', '=', false)
      .execute(),
    db.selectFrom('users').select('id').where('disabled', '=', true).execute(),
  ]);
  return {
    ...compliance,
    staff: staff.map((u) => ({ id: u.id, role: u.role as 'admin' | 'manager' })),
    disabledUserIds: disabled.map((u) => u.id),
  };
}

const INSERT_BATCH = 2_000;
const KEY_BATCH = 5_000;

/** The (recipient, key) pairs among `keys` that already exist, as "recipient key" strings. */
async function existingPairs(db: Kysely<DB>, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += KEY_BATCH) {
    const rows = await db
      .selectFrom('notifications')
      .select(['recipient_id', 'dedupe_key'])
      .where('dedupe_key', '=', sql<string>`any(${keys.slice(i, i + KEY_BATCH)}::text[])`)
      .execute();
    for (const row of rows) found.add(`${row.recipient_id} ${row.dedupe_key}`);
  }
  return found;
}

/**
 * Inserts reminders that do not exist yet for their recipient; returns how many were new. The
 * unique (recipient, dedupe key) index is the guarantee: a reminder made twice is made once.
 * Existing pairs are looked up first (two short columns), so a tick with nothing new sends
 * no rows; `on conflict do nothing` covers a reminder another run inserts meanwhile.
 */
export async function insertNotifications(db: Kysely<DB>, reminders: readonly Reminder[]): Promise<number> {
  const existing = await existingPairs(db, [...new Set(reminders.map((r) => r.dedupeKey))]);
  const missing = reminders.filter((r) => !existing.has(`${r.recipientId} ${r.dedupeKey}`));
  let inserted = 0;
  for (let i = 0; i < missing.length; i += INSERT_BATCH) {
    const batch = missing.slice(i, i + INSERT_BATCH);
    const rows = await db
      .insertInto('notifications')
      .values(
        batch.map((r) => ({
          recipient_id: r.recipientId,
          kind: r.kind,
          subject_type: r.subject.type,
          subject_id: r.subject.id,
          dedupe_key: r.dedupeKey,
          title: r.title,
          body: r.body,
          payload: JSON.stringify(r.payload),
        })),
      )
      .onConflict((oc) => oc.columns(['recipient_id', 'dedupe_key']).doNothing())
      .returning('id')
      .execute();
    inserted += rows.length;
  }
  return inserted;
}

export interface NotificationFilter {
  recipientId: string;
  unread?: boolean | undefined;
  cursor?: string | null | undefined;
  limit: number;
}

/** One person's inbox, newest first, keyset on the id. */
export async function listNotifications(
  db: Kysely<DB>,
  filter: NotificationFilter,
): Promise<{ items: Notification[]; nextCursor: string | null }> {
  let query = selectNotifications(db).where('recipient_id', '=', filter.recipientId);
  if (filter.unread) query = query.where('read_at', 'is', null);
  if (filter.cursor) {
    const [before] = decodeCursor(filter.cursor, 'notifications', ['number']);
    query = query.where('id', '<', before);
  }
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toNotification),
    nextCursor: rows.length > filter.limit && last ? encodeCursor('notifications', [last.id]) : null,
  };
}

export async function countUnreadNotifications(db: Kysely<DB>, recipientId: string): Promise<number> {
  const { n } = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('recipient_id', '=', recipientId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Marks the recipient's own notifications read: those ids, or all. Ids of other people's
 * notifications are ignored, as are ones already read. Returns how many changed.
 */
export async function markNotificationsRead(
  db: Kysely<DB>,
  recipientId: string,
  which: { ids: readonly number[] } | 'all',
): Promise<number> {
  if (which !== 'all' && which.ids.length === 0) return 0;
  let query = db
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('recipient_id', '=', recipientId)
    .where('read_at', 'is', null);
  if (which !== 'all') query = query.where('id', 'in', [...which.ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Notifications after `afterId`, oldest first: for the live hub (everyone's) or a resuming subscriber (one's own). */
export async function listNotificationsAfter(
  db: Kysely<DB>,
  afterId: number,
  options: { limit: number; recipientId?: string | undefined },
): Promise<AddressedNotification[]> {
  let query = selectNotifications(db).where('id', '>', afterId);
  if (options.recipientId) query = query.where('recipient_id', '=', options.recipientId);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  return rows.map((row) => ({ recipientId: row.recipient_id, notification: toNotification(row) }));
}

export async function latestNotificationId(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id == null ? 0 : Number(row.id);
}
