import {
  type Database,
  findLiveApiTokenHashes,
  findLiveSessionHashes,
  latestEventId,
  listEventsAfter,
  type ScopedEvent,
} from '@itam/db';
import type { FastifyBaseLogger } from 'fastify';

export const EVENTS_CHANNEL = 'itam_events';

type Listener = (event: ScopedEvent) => void;

/**
 * One per API instance. The events table is the record; NOTIFY is only the doorbell. When it
 * rings (or every `pollMs`, in case a ring was lost, or after the listener reconnects), the hub
 * reads every event after the last one it delivered, once, and fans them out in id order to
 * the subscribers of this instance. Ids become visible in order (see the events migration),
 * so "after the last id" misses nothing.
 */
export class EventHub {
  #listeners = new Set<Listener>();
  #lastId = 0;
  #reading: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #stopped = false;
  /** The listener reconnected: rings may have been lost meanwhile. */
  #reconnected = false;
  #sessions = new Map<string, Set<() => void>>();
  #sessionTimer: NodeJS.Timeout | undefined;
  #checking = false;
  #doorbell = new Set<() => void>();

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly pollMs = 2_000,
    private readonly sessionCheckMs = 2_000,
  ) {}

  /** The id of the newest event this hub has delivered (or seen at start). */
  get lastId(): number {
    return this.#lastId;
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  async start(): Promise<void> {
    this.#lastId = await latestEventId(this.database.db);
    this.#unlisten = await this.database.listen(
      EVENTS_CHANNEL,
      (payload) => this.ring(payload),
      () => {
        this.log.info('event listener reconnected; catching up');
        this.#reconnected = true;
        this.ring();
      },
    );
    this.#timer = setInterval(() => this.ring(), this.pollMs);
    this.#timer.unref();
    this.#sessionTimer = setInterval(() => void this.checkSessions(), this.sessionCheckMs);
    this.#sessionTimer.unref();
  }

  /**
   * Calls `onEnded` once the session behind an open subscription is gone: logged out, expired,
   * or its user disabled; or, for an API token, revoked or expired. All sessions watched by this
   * instance are checked in one query, and the rest as API tokens in one more.
   */
  watchSession(tokenHash: string, onEnded: () => void): () => void {
    const callbacks = this.#sessions.get(tokenHash) ?? new Set<() => void>();
    this.#sessions.set(tokenHash, callbacks);
    callbacks.add(onEnded);
    return () => {
      callbacks.delete(onEnded);
      if (callbacks.size === 0 && this.#sessions.get(tokenHash) === callbacks)
        this.#sessions.delete(tokenHash);
    };
  }

  /** Ends the subscriptions of sessions that are no longer valid. Exposed for tests. */
  async checkSessions(): Promise<void> {
    if (this.#checking || this.#sessions.size === 0 || this.#stopped) return;
    this.#checking = true;
    try {
      const checked = [...this.#sessions.keys()];
      const live = await findLiveSessionHashes(this.database.db, checked);
      // What is not a live session may be a live API token (not revoked, not expired).
      const rest = checked.filter((hash) => !live.has(hash));
      for (const hash of await findLiveApiTokenHashes(this.database.db, rest)) live.add(hash);
      // Only the sessions that were asked about: one first watched while the query ran is not in
      // its answer, and is checked next time.
      for (const hash of checked) {
        const callbacks = this.#sessions.get(hash);
        if (!callbacks || live.has(hash)) continue;
        this.#sessions.delete(hash);
        for (const onEnded of callbacks) onEnded();
      }
    } catch (error) {
      // Unreachable database: keep the subscriptions and check again on the next tick.
      this.log.warn({ err: error }, 'checking sessions of open subscriptions failed');
    } finally {
      this.#checking = false;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#sessionTimer) clearInterval(this.#sessionTimer);
    await this.#unlisten?.().catch(() => {});
    await this.#reading;
  }

  /** Registers a listener; events published after this call reach it. Returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Registers a callback for every ring (a NOTIFY, a poll or a reconnect), without asking the hub
   * to read events: for workers that read the events table themselves, such as the webhook
   * dispatcher, so that an instance with no live subscribers still reads nothing.
   */
  onRing(callback: () => void): () => void {
    this.#doorbell.add(callback);
    return () => this.#doorbell.delete(callback);
  }

  /**
   * Asks the hub to read new events now; `payload` is the id a NOTIFY carried. Rings during a
   * read coalesce into one more read. With nobody subscribed the hub reads nothing: a ring's id
   * only moves `lastId` on (ids become visible in order, so every event up to it is committed),
   * and a poll has nothing to deliver.
   */
  ring(payload?: string): void {
    if (this.#stopped) return;
    for (const callback of this.#doorbell) callback();
    const notified = payload ? Number(payload) : Number.NaN;
    if (this.#listeners.size === 0 && !this.#reconnected) {
      if (notified > this.#lastId) this.#lastId = notified;
      return;
    }
    if (notified <= this.#lastId && !this.#reconnected) return; // already read
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

  /** Resolves once every event committed before the call has been published. For tests and shutdown. */
  async settle(): Promise<void> {
    this.ring();
    while (this.#reading) await this.#reading;
  }

  async #drain(): Promise<void> {
    try {
      if (this.#reconnected && this.#listeners.size === 0) {
        // Rings were lost while the listener was away and nobody is owed them: skip to the
        // newest id, unless someone subscribed meanwhile (then read the events as usual).
        const latest = await latestEventId(this.database.db);
        this.#reconnected = false;
        if (this.#listeners.size > 0) this.#again = true;
        else if (latest > this.#lastId) this.#lastId = latest;
        return;
      }
      for (;;) {
        const batch = await listEventsAfter(this.database.db, this.#lastId, { limit: 500 });
        for (const scoped of batch) {
          const id = Number(scoped.event.id);
          if (id <= this.#lastId) continue;
          this.#lastId = id;
          for (const listener of this.#listeners) listener(scoped);
        }
        if (batch.length < 500) break;
      }
      this.#reconnected = false;
    } catch (error) {
      // The database is unreachable for now; the next ring or poll tries again from the same id.
      this.log.warn({ err: error }, 'reading new events failed');
    }
  }
}
