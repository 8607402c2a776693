import {
  type AddressedNotification,
  countUnreadNotifications,
  listNotifications,
  listNotificationsAfter,
  markNotificationsRead,
} from '@itam/db';
import {
  ListNotificationsInput,
  MarkNotificationsReadInput,
  Notification,
  OnNewNotificationInput,
  page,
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
 * The caller's own in-app inbox. Every procedure is scoped to the caller by construction (the
 * recipient is the session's user, never an input), so nobody reads or marks another's.
 * Marking read is personal state, not an inventory change, so it writes no audit event.
 */
export const notificationsRouter = router({
  /** Newest first, keyset-paged; `unread: true` for the unread ones only. */
  list: allowedTo('notification.read')
    .input(sync(ListNotificationsInput))
    .output(sync(page(Notification)))
    .query(({ ctx, input }) => listNotifications(ctx.db, { ...input, recipientId: ctx.actor.id })),

  unreadCount: allowedTo('notification.read')
    .output(sync(z.object({ count: z.number().int().min(0) })))
    .query(async ({ ctx }) => ({ count: await countUnreadNotifications(ctx.db, ctx.actor.id) })),

  /** Some by id, or all. Ids that are not the caller's (or already read) are left alone. */
  markRead: allowedTo('notification.read')
    .input(sync(MarkNotificationsReadInput))
    .output(sync(z.object({ updated: z.number().int().min(0) })))
    .mutation(async ({ ctx, input }) => {
      const which = input.all ? 'all' : { ids: (input.ids ?? []).map(Number) };
      return { updated: await markNotificationsRead(ctx.db, ctx.actor.id, which) };
    }),

  /**
   * The caller's new notifications as they are created, tracked by id. With `lastEventId`, first
   * every one after it, then live ones, with no gap and no duplicate: it subscribes to the hub
   * before reading the backlog and skips what the backlog gave. Ends like `events.onChange` when
   * the session ends.
   */
  onNew: allowedTo('notification.read')
    .input(sync(OnNewNotificationInput))
    .subscription(async function* ({ ctx, input, signal }) {
      const recipientId = ctx.actor.id;
      const { notifications, hub } = ctx.services;
      const queue = new AsyncQueue<AddressedNotification>();
      const unsubscribe = notifications.subscribe(recipientId, (n) => queue.push(n));
      const abort = () => queue.close();
      signal?.addEventListener('abort', abort, { once: true });
      let sessionEnded: SessionEnd | null = null;
      const unwatch = hub.watchSession(ctx.session.tokenHash, (reason) => {
        sessionEnded = reason;
        queue.close();
        // Give the error frame a moment to leave before the socket goes.
        setTimeout(() => ctx.closeConnection?.(), 100).unref();
      });
      try {
        // As in events.onChange: what the hub hands over from here is new to this subscriber.
        await notifications.ready();
        let last = input.lastEventId ? Number(input.lastEventId) : 0;
        if (input.lastEventId) {
          for (;;) {
            const batch = await listNotificationsAfter(ctx.db, last, { limit: BACKLOG_PAGE, recipientId });
            for (const { notification } of batch) {
              last = Number(notification.id);
              yield tracked(notification.id, Notification.parse(notification));
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
          const { notification } = next.value;
          // The hub hands out only this recipient's; the check keeps it so if that ever changes.
          if (next.value.recipientId !== recipientId || Number(notification.id) <= last) continue;
          last = Number(notification.id);
          yield tracked(notification.id, Notification.parse(notification));
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
