import type { AuditEvent, Entity } from '@itam/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { arrayLiteral, prepare } from './prepared.ts';
import type { DB } from './schema.ts';

export interface NewEvent {
  actor: { id: string; username: string } | null;
  entity: Entity;
  entityId: string;
  action: string;
  reason?: string | null | undefined;
  before?: object | null | undefined;
  after?: object | null | undefined;
  /** Users who may see this event besides staff: the holders before and after the change. */
  audience?: readonly string[] | undefined;
}

/** Behind every change's audit event: compiled once (see `prepare`). */
const insertEvent = prepare(
  (
    trx,
    b: {
      actorId: string | null;
      entity: string;
      entityId: string;
      action: string;
      reason: string | null;
      before: string | null;
      after: string | null;
      /** An array literal (`arrayLiteral`): the list is one value of the statement, not a list of them. */
      audience: string;
    },
  ) =>
    trx
      .insertInto('events')
      .values({
        actor_id: b.actorId,
        entity: b.entity,
        entity_id: b.entityId,
        action: b.action,
        reason: b.reason,
        before: b.before,
        after: b.after,
        // why the cast: the column takes a text[]; PostgreSQL reads the literal as one.
        audience: b.audience as unknown as string[],
      })
      .returning(['id', 'at']),
);

/**
 * Appends one audit event. It takes `Transaction<DB>` so the type forces the caller to write the
 * event in the same transaction as the change it records. Call it as the last write: the events
 * trigger serialises appenders until commit, so ids become visible in order.
 */
export async function appendEvent(trx: Transaction<DB>, event: NewEvent): Promise<AuditEvent> {
  const [row] = await insertEvent(trx, {
    actorId: event.actor?.id ?? null,
    entity: event.entity,
    entityId: event.entityId,
    action: event.action,
    reason: event.reason ?? null,
    before: event.before ? JSON.stringify(event.before) : null,
    after: event.after ? JSON.stringify(event.after) : null,
    audience: arrayLiteral([...new Set(event.audience ?? [])]),
  });
  if (!row) throw new Error('insert into events returned no row');
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actor: event.actor,
    entity: event.entity,
    entityId: event.entityId,
    action: event.action,
    reason: event.reason ?? null,
    before: (event.before as Record<string, unknown> | null | undefined) ?? null,
    after: (event.after as Record<string, unknown> | null | undefined) ?? null,
  };
}

function selectEvents(db: Kysely<DB>) {
  return db
    .selectFrom('events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.at',
      'e.actor_id',
      'u.username as actor_username',
      'e.entity',
      'e.entity_id',
      'e.action',
      'e.reason',
      'e.before',
      'e.after',
      'e.audience',
    ]);
}

type EventQueryRow = Awaited<ReturnType<ReturnType<typeof selectEvents>['execute']>>[number];

export function toAuditEvent(row: EventQueryRow): AuditEvent {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actor: row.actor_id && row.actor_username ? { id: row.actor_id, username: row.actor_username } : null,
    entity: row.entity as Entity,
    entityId: row.entity_id,
    action: row.action,
    reason: row.reason,
    before: row.before,
    after: row.after,
  };
}

/** An event with who else may see it, for live delivery. */
export interface ScopedEvent {
  event: AuditEvent;
  audience: readonly string[];
}

/** Events after `afterId`, oldest first: the backlog of a resuming subscriber, or a catch-up. */
export async function listEventsAfter(
  db: Kysely<DB>,
  afterId: number,
  options: { limit: number; audienceOf?: string | undefined },
): Promise<ScopedEvent[]> {
  let query = selectEvents(db).where('e.id', '>', afterId);
  if (options.audienceOf) query = query.where(sql<boolean>`${options.audienceOf}::uuid = any(e.audience)`);
  const rows = await query.orderBy('e.id').limit(options.limit).execute();
  return rows.map((row) => ({ event: toAuditEvent(row), audience: row.audience }));
}

export async function latestEventId(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id == null ? 0 : Number(row.id);
}

export interface EventFilter {
  entity?: Entity | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  /** An event type, `<entity>.<action>` (`asset.checked_out`); with another `entity`, nothing matches. */
  type?: string | undefined;
  /** `newest` (default) or `oldest` first; both keyset on the id. */
  order?: 'newest' | 'oldest' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | null | undefined;
  limit: number;
}

/** Newest first, keyset on the id. */
export async function listEvents(
  db: Kysely<DB>,
  filter: EventFilter,
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  let query = selectEvents(db);
  if (filter.entity) query = query.where('e.entity', '=', filter.entity);
  if (filter.entityId) query = query.where('e.entity_id', '=', filter.entityId);
  if (filter.actorId) query = query.where('e.actor_id', '=', filter.actorId);
  if (filter.type) {
    const dot = filter.type.indexOf('.');
    query = query
      .where('e.entity', '=', filter.type.slice(0, dot) as Entity)
      .where('e.action', '=', filter.type.slice(dot + 1));
  }
  if (filter.from) query = query.where('e.at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('e.at', '<', new Date(filter.to));
  const oldest = filter.order === 'oldest';
  if (filter.cursor) {
    const [from] = decodeCursor(filter.cursor, oldest ? 'events-oldest' : 'events', ['number']);
    query = query.where('e.id', oldest ? '>' : '<', from);
  }
  const rows = await query
    .orderBy('e.id', oldest ? 'asc' : 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditEvent),
    nextCursor:
      rows.length > filter.limit && last
        ? encodeCursor(oldest ? 'events-oldest' : 'events', [last.id])
        : null,
  };
}

/** Events by id, with their actors: what a webhook delivery sends. */
export async function findEventsByIds(
  db: Kysely<DB>,
  ids: readonly (number | string)[],
): Promise<Map<string, AuditEvent>> {
  if (ids.length === 0) return new Map();
  const rows = await selectEvents(db)
    .where(
      'e.id',
      'in',
      ids.map((id) => Number(id)),
    )
    .execute();
  return new Map(rows.map((row) => [String(row.id), toAuditEvent(row)]));
}
