import type { AuditEvent, Delivery, DeliveryAttempt, DeliveryStatus, Webhook } from '@itam/domain';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { findEventsByIds } from './events.ts';
import type { DB, WebhooksTable } from './schema.ts';

/** A webhook's own fields, without its secret: what its audit events record. */
export interface WebhookFields {
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  active: boolean;
}

/** A webhook and its sealed secret, which only the API opens (to sign deliveries). */
export interface StoredWebhook {
  fields: WebhookFields;
  secretEncrypted: string;
}

function toStoredWebhook(row: Selectable<WebhooksTable>): StoredWebhook {
  return {
    fields: {
      id: row.id,
      url: row.url,
      eventTypes: row.event_types,
      description: row.description,
      active: row.active,
    },
    secretEncrypted: row.secret_encrypted,
  };
}

export interface WebhookValues {
  url: string;
  eventTypes: string[];
  description: string | null;
  active: boolean;
  secretEncrypted: string;
}

/** Inserts a webhook that receives nothing until `startWebhookAfter` names its creation event. */
export async function insertWebhook(trx: Transaction<DB>, values: WebhookValues): Promise<StoredWebhook> {
  const row = await trx
    .insertInto('webhooks')
    .values({
      url: values.url,
      event_types: values.eventTypes,
      description: values.description,
      active: values.active,
      secret_encrypted: values.secretEncrypted,
      // Beyond any event id: matches nothing until the creation event's id is known.
      since_event_id: Number.MAX_SAFE_INTEGER,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStoredWebhook(row);
}

/** The webhook receives events after `eventId` (its own creation event). */
export async function startWebhookAfter(trx: Transaction<DB>, id: string, eventId: string): Promise<void> {
  await trx
    .updateTable('webhooks')
    .set({ since_event_id: Number(eventId) })
    .where('id', '=', id)
    .execute();
}

export async function lockWebhookForUpdate(
  trx: Transaction<DB>,
  id: string,
): Promise<StoredWebhook | undefined> {
  const row = await trx
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toStoredWebhook(row) : undefined;
}

export interface WebhookPatch {
  url?: string | undefined;
  eventTypes?: string[] | undefined;
  description?: string | null | undefined;
  active?: boolean | undefined;
  secretEncrypted?: string | undefined;
}

export async function updateWebhook(
  trx: Transaction<DB>,
  id: string,
  patch: WebhookPatch,
): Promise<StoredWebhook> {
  const row = await trx
    .updateTable('webhooks')
    .set({
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.eventTypes !== undefined ? { event_types: patch.eventTypes } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.secretEncrypted !== undefined ? { secret_encrypted: patch.secretEncrypted } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStoredWebhook(row);
}

/** Removes the webhook with its deliveries and their log. */
export async function deleteWebhook(trx: Transaction<DB>, id: string): Promise<void> {
  await trx.deleteFrom('webhooks').where('id', '=', id).execute();
}

/** Every webhook with its delivery counts and last attempt, oldest first. */
export async function listWebhooks(db: Kysely<DB>, ids?: readonly string[]): Promise<Webhook[]> {
  let query = db.selectFrom('webhooks').selectAll().orderBy('seq');
  if (ids) {
    if (ids.length === 0) return [];
    query = query.where('id', 'in', ids);
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const webhookIds = rows.map((r) => r.id);
  const counts = await db
    .selectFrom('webhook_deliveries')
    .select(['webhook_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('webhook_id', 'in', webhookIds)
    .groupBy(['webhook_id', 'status'])
    .execute();
  const { rows: last } = await sql<{
    webhook_id: string;
    at: Date;
    ok: boolean;
    status_code: number | null;
    error: string | null;
  }>`
    select distinct on (d.webhook_id) d.webhook_id, a.at, a.ok, a.status_code, a.error
    from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id
    where d.webhook_id = any(${webhookIds}::uuid[])
    order by d.webhook_id, a.at desc, a.id desc`.execute(db);
  return rows.map((row) => {
    const deliveries = { pending: 0, succeeded: 0, failed: 0 };
    for (const c of counts) if (c.webhook_id === row.id) deliveries[c.status as DeliveryStatus] = Number(c.n);
    const latest = last.find((l) => l.webhook_id === row.id);
    return {
      id: row.id,
      url: row.url,
      eventTypes: row.event_types,
      description: row.description,
      active: row.active,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      deliveries,
      lastDelivery: latest
        ? { at: latest.at.toISOString(), ok: latest.ok, statusCode: latest.status_code, error: latest.error }
        : null,
    };
  });
}

export async function findWebhook(db: Kysely<DB>, id: string): Promise<Webhook | undefined> {
  return (await listWebhooks(db, [id]))[0];
}

/** For re-sealing after a rotation of ITAM_SECRET. */
export async function listSealedWebhookSecrets(db: Kysely<DB>): Promise<{ id: string; sealed: string }[]> {
  const rows = await db.selectFrom('webhooks').select(['id', 'secret_encrypted']).execute();
  return rows.map((r) => ({ id: r.id, sealed: r.secret_encrypted }));
}

export async function setSealedWebhookSecret(db: Kysely<DB>, id: string, sealed: string): Promise<void> {
  await db.updateTable('webhooks').set({ secret_encrypted: sealed }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Enqueueing: the events table becomes delivery rows.

/** What the enqueuer shows the caller's rule: an event's type, and the active webhooks. */
export interface EnqueueCandidates {
  events: { id: number; type: string }[];
  webhooks: { id: string; eventTypes: string[]; sinceEventId: number }[];
}

export type EnqueueResult =
  | { state: 'busy' }
  | { state: 'done'; scanned: number; enqueued: number; cursor: number };

/**
 * Turns the next `limit` events after the cursor into deliveries, in one short transaction that
 * also advances the cursor: a delivery is inserted exactly when the cursor passes its event, so
 * none is lost and none is made twice (and the unique key would refuse a second one anyway).
 *
 * Why a cursor and not an insert in each event's own transaction: every use case would pay for
 * webhooks it does not know about, and `appendEvent`'s callers would need the matching rule. A
 * cursor is safe because events commit in id order (the advisory lock of migration 0001): once
 * an id is visible, no smaller one can appear later, so "after the cursor" misses nothing.
 *
 * The cursor row is locked with SKIP LOCKED: while one instance enqueues, the others skip
 * (`busy`) rather than wait. The events are read before the webhooks: a later snapshot sees
 * every webhook created before those events (each webhook starts after its creation event).
 */
export async function enqueueDeliveries(
  db: Kysely<DB>,
  limit: number,
  choose: (candidates: EnqueueCandidates) => { webhookId: string; eventId: number }[],
): Promise<EnqueueResult> {
  return db.transaction().execute(async (trx) => {
    const cursor = await trx
      .selectFrom('webhook_cursor')
      .select('last_event_id')
      .where('id', '=', 1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!cursor) return { state: 'busy' as const };
    const events = await trx
      .selectFrom('events')
      .select(['id', 'entity', 'action'])
      .where('id', '>', cursor.last_event_id)
      .orderBy('id')
      .limit(limit)
      .execute();
    const last = events.at(-1);
    if (!last) return { state: 'done' as const, scanned: 0, enqueued: 0, cursor: cursor.last_event_id };
    const webhooks = await trx
      .selectFrom('webhooks')
      .select(['id', 'event_types', 'since_event_id'])
      .where('active', '=', true)
      .execute();
    const pairs =
      webhooks.length === 0
        ? []
        : choose({
            events: events.map((e) => ({ id: e.id, type: `${e.entity}.${e.action}` })),
            webhooks: webhooks.map((w) => ({
              id: w.id,
              eventTypes: w.event_types,
              sinceEventId: w.since_event_id,
            })),
          });
    if (pairs.length > 0) {
      await trx
        .insertInto('webhook_deliveries')
        .values(pairs.map((p) => ({ webhook_id: p.webhookId, event_id: p.eventId })))
        .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
        .execute();
    }
    await trx.updateTable('webhook_cursor').set({ last_event_id: last.id }).where('id', '=', 1).execute();
    return { state: 'done' as const, scanned: events.length, enqueued: pairs.length, cursor: last.id };
  });
}

export async function webhookCursor(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('webhook_cursor')
    .select('last_event_id')
    .where('id', '=', 1)
    .executeTakeFirst();
  return row?.last_event_id ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Dispatching: claim, send (in the API, outside any transaction), record.

export interface ClaimedDelivery {
  deliveryId: string;
  webhookId: string;
  url: string;
  secretEncrypted: string;
  /** The attempt's number over the delivery's life: it fences the result (see recordAttempt). */
  attempt: number;
  /** The attempt's number in the current round, which the retry limit counts. */
  roundAttempt: number;
  event: AuditEvent;
}

/**
 * Claims up to `limit` due deliveries of active webhooks, at most one per webhook and none of
 * `busyWebhookIds` (those this instance is already sending to), so a slow endpoint holds one
 * slot and never the others'. `FOR UPDATE SKIP LOCKED` lets instances claim side by side without
 * waiting for or taking each other's rows. A claim counts the attempt and moves the delivery's
 * next attempt `leaseMs` ahead, all in one short transaction: the HTTP call happens after
 * commit, and if this instance dies mid-call, the delivery is due again when the lease ends.
 */
export async function claimDueDeliveries(
  db: Kysely<DB>,
  options: { limit: number; busyWebhookIds: readonly string[]; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  if (options.limit <= 0) return [];
  const claimed = await db.transaction().execute(async (trx) => {
    const { rows: due } = await sql<{ id: number }>`
      select d.id from webhook_deliveries d
      where d.status = 'pending' and d.next_attempt_at <= now()
        and d.id in (
          select distinct on (p.webhook_id) p.id
          from webhook_deliveries p join webhooks w on w.id = p.webhook_id
          where p.status = 'pending' and p.next_attempt_at <= now() and w.active
            and not (p.webhook_id = any(${[...options.busyWebhookIds]}::uuid[]))
          order by p.webhook_id, p.next_attempt_at, p.id)
      order by d.next_attempt_at, d.id
      limit ${options.limit}
      for update of d skip locked`.execute(trx);
    if (due.length === 0) return [];
    return trx
      .updateTable('webhook_deliveries as d')
      .from('webhooks as w')
      .set((eb) => ({
        attempts: eb('d.attempts', '+', 1),
        round_attempts: eb('d.round_attempts', '+', 1),
        next_attempt_at: sql`now() + ${`${Math.ceil(options.leaseMs)} milliseconds`}::interval`,
      }))
      .whereRef('w.id', '=', 'd.webhook_id')
      .where(
        'd.id',
        'in',
        due.map((d) => d.id),
      )
      .returning([
        'd.id',
        'd.webhook_id',
        'd.event_id',
        'd.attempts',
        'd.round_attempts',
        'w.url',
        'w.secret_encrypted',
      ])
      .execute();
  });
  if (claimed.length === 0) return [];
  const events = await findEventsByIds(
    db,
    claimed.map((c) => c.event_id),
  );
  return claimed.flatMap((c) => {
    const event = events.get(String(c.event_id));
    if (!event) return [];
    return [
      {
        deliveryId: String(c.id),
        webhookId: c.webhook_id,
        url: c.url,
        secretEncrypted: c.secret_encrypted,
        attempt: c.attempts,
        roundAttempt: c.round_attempts,
        event,
      },
    ];
  });
}

export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  at: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  ok: boolean;
  /** What the delivery becomes: the domain's decision. */
  next: { status: 'succeeded' } | { status: 'failed' } | { status: 'pending'; retryInMs: number };
}

/**
 * Logs an attempt and moves its delivery on. The move applies only while the delivery's attempt
 * counter still is this attempt: a redelivery or a newer claim (after an expired lease) has
 * taken over, and this late answer must not overwrite it. The attempt is logged either way.
 */
export async function recordAttempt(db: Kysely<DB>, record: AttemptRecord): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: Number(record.deliveryId),
        attempt: record.attempt,
        at: record.at,
        duration_ms: Math.max(0, Math.round(record.durationMs)),
        status_code: record.statusCode,
        error: record.error,
        ok: record.ok,
      })
      .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
      .execute();
    const { next } = record;
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status: next.status,
        ...(next.status === 'pending'
          ? { next_attempt_at: sql`now() + ${`${Math.ceil(next.retryInMs)} milliseconds`}::interval` }
          : {}),
        ...(next.status === 'succeeded' ? { delivered_at: sql`now()` } : {}),
      })
      .where('id', '=', Number(record.deliveryId))
      .where('attempts', '=', record.attempt)
      .where('status', '=', 'pending')
      .execute();
  });
}

/** Makes a delivery due now, with a fresh round of attempts. */
export async function resetDelivery(trx: Transaction<DB>, id: string): Promise<void> {
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', round_attempts: 0, next_attempt_at: sql`now()`, delivered_at: null })
    .where('id', '=', Number(id))
    .execute();
}

export async function lockDeliveryForUpdate(
  trx: Transaction<DB>,
  id: string,
): Promise<{ id: string; webhookId: string; eventId: string; status: string } | undefined> {
  const row = await trx
    .selectFrom('webhook_deliveries')
    .select(['id', 'webhook_id', 'event_id', 'status'])
    .where('id', '=', Number(id))
    .forUpdate()
    .executeTakeFirst();
  return row
    ? { id: String(row.id), webhookId: row.webhook_id, eventId: String(row.event_id), status: row.status }
    : undefined;
}

export interface DeliveryFilter {
  webhookId: string;
  status?: DeliveryStatus | undefined;
  /** Only these (by id), for reading one delivery back. */
  ids?: readonly string[] | undefined;
  cursor?: string | null | undefined;
  limit: number;
}

/** A webhook's deliveries, newest first, each with its attempt log (newest first). */
export async function listDeliveries(
  db: Kysely<DB>,
  filter: DeliveryFilter,
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.webhook_id',
      'd.event_id',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.created_at',
      'd.delivered_at',
      'e.entity',
      'e.action',
    ])
    .where('d.webhook_id', '=', filter.webhookId);
  if (filter.status) query = query.where('d.status', '=', filter.status);
  if (filter.ids) query = query.where('d.id', 'in', filter.ids.length ? filter.ids.map(Number) : [0]);
  if (filter.cursor) {
    const [before] = decodeCursor(filter.cursor, 'deliveries', ['number']);
    query = query.where('d.id', '<', before);
  }
  const rows = await query
    .orderBy('d.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const attempts =
    page.length === 0
      ? []
      : await db
          .selectFrom('webhook_attempts')
          .selectAll()
          .where(
            'delivery_id',
            'in',
            page.map((r) => r.id),
          )
          .orderBy('attempt', 'desc')
          .execute();
  const last = page.at(-1);
  return {
    items: page.map((row) => {
      const log: DeliveryAttempt[] = attempts
        .filter((a) => a.delivery_id === row.id)
        .map((a) => ({
          attempt: a.attempt,
          at: a.at.toISOString(),
          durationMs: a.duration_ms,
          statusCode: a.status_code,
          error: a.error,
          ok: a.ok,
        }));
      return {
        id: String(row.id),
        webhookId: row.webhook_id,
        eventId: String(row.event_id),
        eventType: `${row.entity}.${row.action}`,
        status: row.status as DeliveryStatus,
        attempts: row.attempts,
        nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
        createdAt: row.created_at.toISOString(),
        deliveredAt: row.delivered_at?.toISOString() ?? null,
        log,
      };
    }),
    nextCursor: rows.length > filter.limit && last ? encodeCursor('deliveries', [last.id]) : null,
  };
}

/** Whether any webhook is active: while none is, nothing needs to hear of new events at once. */
export async function hasActiveWebhooks(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('webhooks')
    .select('id')
    .where('active', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
