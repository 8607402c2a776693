import {
  type AddressedNotification,
  type Database,
  latestNotificationId,
  listNotificationsAfter,
  NOTIFICATIONS_CHANNEL,
} from '@itam/db';
import type { FastifyBaseLogger } from 'fastify';

type Listener = (notification: AddressedNotification) => void;

/**
 * The notifications' sibling of `EventHub`, one per API instance: the notifications table is the
 * record and NOTIFY (on the same LISTEN connection as events) only the doorbell. A ring, a poll
 * every `pollMs` or a listener reconnect reads every notification after the last one delivered,
 * once, and hands each to the subscribers of its recipient on this instance only.
 */
export class NotificationHub {
  #byRecipient = new Map<string, Set<Listener>>();
  #lastId = 0;
  #reading: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #stopped = false;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly pollMs = 2_000,
  ) {}

  /** The id of the newest notification this hub has delivered (or seen at start). */
  get lastId(): number {
    return this.#lastId;
  }

  async start(): Promise<void> {
    this.#lastId = await latestNotificationId(this.database.db);
    this.#unlisten = await this.database.listen(
      NOTIFICATIONS_CHANNEL,
      () => this.ring(),
      () => this.ring(),
    );
    this.#timer = setInterval(() => this.ring(), this.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#unlisten?.().catch(() => {});
    await this.#reading;
  }

  /** Registers a listener for one recipient's new notifications. Returns the unsubscribe. */
  subscribe(recipientId: string, listener: Listener): () => void {
    const listeners = this.#byRecipient.get(recipientId) ?? new Set<Listener>();
    this.#byRecipient.set(recipientId, listeners);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#byRecipient.get(recipientId) === listeners)
        this.#byRecipient.delete(recipientId);
    };
  }

  /** Asks the hub to read new notifications now. Rings during a read coalesce into one more read. */
  ring(): void {
    if (this.#stopped) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = this.#drain().finally(() => {
      this.#reading = undefined;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        this.ring();
      }
    });
  }

  /** Resolves once every notification committed before the call has been handed out. For tests. */
  async settle(): Promise<void> {
    this.ring();
    while (this.#reading) await this.#reading;
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        const batch = await listNotificationsAfter(this.database.db, this.#lastId, { limit: 500 });
        for (const addressed of batch) {
          this.#lastId = Number(addressed.notification.id);
          for (const listener of this.#byRecipient.get(addressed.recipientId) ?? []) listener(addressed);
        }
        if (batch.length < 500) return;
      }
    } catch (error) {
      // The database is unreachable for now; the next ring or poll tries again from the same id.
      this.log.warn({ err: error }, 'reading new notifications failed');
    }
  }
}
