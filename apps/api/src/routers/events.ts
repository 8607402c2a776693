import { listEvents, listEventsAfter, type ScopedEvent } from '@itam/db';
import {
  AuditEvent,
  Cursor,
  can,
  ENTITIES,
  EVENT_TYPES,
  type EventType,
  Id,
  IsoDateTime,
  isRole,
  OnChangeInput,
  PageDirection,
  page,
  scopeOf,
  type User,
} from '@itam/domain';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { fail, toTRPCError } from '../errors.ts';
import { SESSION_END_MESSAGE, type SessionEnd } from '../live/hub.ts';
import { AsyncQueue } from '../live/queue.ts';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

const BACKLOG_PAGE = 500;

/**
 * A change to the subscriber's own account applies to the open stream at once: disabling ends
 * it, a new role changes what it shows. (The stream authenticated once, when it opened.)
 */
function accountAfter(actor: User, event: AuditEvent): User {
  if (event.entity !== 'user' || event.entityId !== actor.id) return actor;
  if (event.action === 'disabled') throw fail('ACCOUNT_DISABLED', 'This account is disabled.');
  const role = event.after?.role;
  if (event.action === 'role_changed' && isRole(role)) return { ...actor, role };
  return actor;
}

/**
 * The hub hands the same `ScopedEvent` object to every subscriber of an instance: validate it
 * against the output schema once per event, not once per subscriber.
 */
const parsedEvents = new WeakMap<ScopedEvent, AuditEvent>();
function parsedEvent(scoped: ScopedEvent): AuditEvent {
  let parsed = parsedEvents.get(scoped);
  if (!parsed) {
    parsed = AuditEvent.parse(scoped.event);
    parsedEvents.set(scoped, parsed);
  }
  return parsed;
}

export const eventsRouter = router({
  /** The audit trail, newest first. Staff only. */
  list: allowedTo('event.list')
    .input(
      sync(
        z
          .strictObject({
            entity: z.enum(ENTITIES).optional(),
            entityId: z.string().max(100).optional(),
            actorId: Id.optional(),
            /** An event type (`asset.checked_out`): its entity and action. */
            type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]).optional(),
            order: z.enum(['newest', 'oldest']).default('newest'),
            from: IsoDateTime.optional(),
            to: IsoDateTime.optional(),
            cursor: Cursor.nullish(),
            direction: PageDirection,
            limit: z.number().int().min(1).max(200).default(50),
          })
          .default({ order: 'newest', limit: 50 }),
      ),
    )
    .output(sync(page(AuditEvent)))
    .query(({ ctx, input }) => listEvents(ctx.db, input)),

  /**
   * Live changes the caller may see, each tracked by its id. With `lastEventId` the caller first
   * gets every event after it, in order, then live ones, with no gap and no duplicate: it
   * subscribes to the hub before reading the backlog, and skips what the backlog already gave.
   */
  onChange: allowedTo('event.read')
    .input(sync(OnChangeInput))
    .subscription(async function* ({ ctx, input, signal }) {
      let actor = ctx.actor;
      const visible = (scoped: ScopedEvent) =>
        can(actor, 'event.read', { holderIds: scoped.audience }) &&
        (!input.entity || scoped.event.entity === input.entity) &&
        (!input.entityId || scoped.event.entityId === input.entityId);

      const queue = new AsyncQueue<ScopedEvent>();
      const unsubscribe = ctx.services.hub.subscribe((scoped) => queue.push(scoped));
      const abort = () => queue.close();
      signal?.addEventListener('abort', abort, { once: true });
      let sessionEnded: SessionEnd | null = null;
      const unwatch = ctx.services.hub.watchSession(ctx.session.tokenHash, (reason) => {
        sessionEnded = reason;
        queue.close();
        // Give the error frame a moment to leave before the socket goes.
        setTimeout(() => ctx.closeConnection?.(), 100).unref();
      });
      try {
        // Everything the hub hands over from here is new to this subscriber; with a lastEventId,
        // the backlog is read once the hub listens, so it reaches what the hub will hand over.
        await ctx.services.hub.ready();
        let last = input.lastEventId ? Number(input.lastEventId) : 0;
        if (input.lastEventId) {
          const own = scopeOf(actor, 'event.read') === 'own';
          for (;;) {
            const batch = await listEventsAfter(ctx.db, last, {
              limit: BACKLOG_PAGE,
              audienceOf: own ? actor.id : undefined,
            });
            for (const scoped of batch) {
              last = Number(scoped.event.id);
              if (visible(scoped)) yield tracked(scoped.event.id, AuditEvent.parse(scoped.event));
            }
            if (batch.length < BACKLOG_PAGE) break;
          }
        }
        for (;;) {
          const next = await queue.next();
          if (next.done) {
            if (sessionEnded) throw fail(sessionEnded, SESSION_END_MESSAGE[sessionEnded]);
            break;
          }
          const id = Number(next.value.event.id);
          if (id <= last) continue;
          last = id;
          actor = accountAfter(actor, next.value.event);
          if (visible(next.value)) yield tracked(next.value.event.id, parsedEvent(next.value));
        }
      } catch (error) {
        // What a generator throws while streaming bypasses the procedure middleware: map it the same way.
        throw toTRPCError(error);
      } finally {
        signal?.removeEventListener('abort', abort);
        unwatch();
        unsubscribe();
      }
    }),
});
