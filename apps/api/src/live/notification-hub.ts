import {
  type AddressedNotification,
  type Database,
  latestNotificationId,
  listNotificationsAfter,
  NOTIFICATIONS_CHANNEL,
} from '@itam/db';
import type { FastifyBaseLogger } from 'fastify';
import { TableTail, type TailSource } from './tail.ts';

type Listener = (notification: AddressedNotification) => void;

const NOTIFICATIONS: TailSource<AddressedNotification> = {
  name: 'notification',
  channel: NOTIFICATIONS_CHANNEL,
  latestId: latestNotificationId,
  listAfter: (db, afterId, limit) => listNotificationsAfter(db, afterId, { limit }),
  idOf: (addressed) => Number(addressed.notification.id),
};

/**
 * The notifications' sibling of `EventHub`, one per API instance: the notifications table's tail
 * (`TableTail`, on the same LISTEN connection as events), each row handed to the subscribers of
 * its recipient on this instance only. It listens while it has a subscriber, and reads on every
 * ring or poll even with nobody subscribed: the NOTIFY carries no id to move on by, so reading is
 * what keeps its position current for a subscriber who arrives while it still listens.
 */
export class NotificationHub {
  #byRecipient = new Map<string, Set<Listener>>();
  #tail: TableTail<AddressedNotification>;

  constructor(database: Database, log: FastifyBaseLogger, pollMs = 2_000) {
    this.#tail = new TableTail(database, log, NOTIFICATIONS, {
      deliver: (addressed) => {
        for (const listener of this.#byRecipient.get(addressed.recipientId) ?? []) listener(addressed);
      },
      pollMs,
    });
  }

  /** The id of the newest notification this hub has delivered (or seen at start). */
  get lastId(): number {
    return this.#tail.lastId;
  }

  start(): Promise<void> {
    return this.#tail.start();
  }

  stop(): Promise<void> {
    return this.#tail.stop();
  }

  /** Registers a listener for one recipient's new notifications. Returns the unsubscribe. */
  subscribe(recipientId: string, listener: Listener): () => void {
    const listeners = this.#byRecipient.get(recipientId) ?? new Set<Listener>();
    this.#byRecipient.set(recipientId, listeners);
    listeners.add(listener);
    const demand = this.#tail.want();
    demand.ready.catch(() => {}); // the subscriber awaits `ready()` and sees the failure there
    return () => {
      if (!listeners.delete(listener)) return;
      demand.release();
      if (listeners.size === 0 && this.#byRecipient.get(recipientId) === listeners)
        this.#byRecipient.delete(recipientId);
    };
  }

  /** Resolves once the hub listens (after a `subscribe`). */
  ready(): Promise<void> {
    return this.#tail.ready();
  }

  /** Asks the hub to read new notifications now. Rings during a read coalesce into one more read. */
  ring(): void {
    this.#tail.ring();
  }

  /** Resolves once every notification committed before the call has been handed out. For tests. */
  settle(): Promise<void> {
    return this.#tail.settle();
  }
}
