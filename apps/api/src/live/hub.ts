import {
  type Database,
  findApiTokenStates,
  findLiveSessionHashes,
  latestEventId,
  listEventsAfter,
  type ScopedEvent,
} from '@itam/db';
import type { FastifyBaseLogger } from 'fastify';
import { TableTail, type TailSource } from './tail.ts';

export const EVENTS_CHANNEL = 'itam_events';

type Listener = (event: ScopedEvent) => void;

/**
 * Why a watched session ended, as the HTTP path would refuse it: a session (logged out, expired,
 * its user disabled: its row is gone) is SESSION_EXPIRED; an API token says what became of it.
 */
export type SessionEnd = 'SESSION_EXPIRED' | 'TOKEN_REVOKED' | 'TOKEN_EXPIRED' | 'ACCOUNT_DISABLED';

const TOKEN_END = {
  revoked: 'TOKEN_REVOKED',
  expired: 'TOKEN_EXPIRED',
  disabled: 'ACCOUNT_DISABLED',
} as const satisfies Record<string, SessionEnd>;

/** The message a subscription ends with, as the HTTP path words each refusal. */
export const SESSION_END_MESSAGE: Record<SessionEnd, string> = {
  SESSION_EXPIRED: 'Your session has ended; sign in again.',
  TOKEN_REVOKED: 'This API token has been revoked.',
  TOKEN_EXPIRED: 'This API token has expired.',
  ACCOUNT_DISABLED: 'This account is disabled.',
};

const EVENTS: TailSource<ScopedEvent> = {
  name: 'event',
  channel: EVENTS_CHANNEL,
  latestId: latestEventId,
  listAfter: (db, afterId, limit) => listEventsAfter(db, afterId, { limit }),
  idOf: (scoped) => Number(scoped.event.id),
};

/**
 * One per API instance: the events table's tail (`TableTail`: the table is the record, NOTIFY
 * only the doorbell) fanned out in id order to the subscribers of this instance, and the watch of
 * the sessions behind them. It listens only while someone follows it (a subscriber, or a worker
 * that `want`s its rings); with nobody subscribed it reads no events: each NOTIFY carries its
 * event's id, and the hub only moves `lastId` on.
 */
export class EventHub {
  #listeners = new Set<Listener>();
  #tail: TableTail<ScopedEvent>;
  #stopped = false;
  #sessions = new Map<string, Set<(reason: SessionEnd) => void>>();
  #sessionTimer: NodeJS.Timeout | undefined;
  #checking = false;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    pollMs = 2_000,
    private readonly sessionCheckMs = 2_000,
  ) {
    this.#tail = new TableTail(database, log, EVENTS, {
      deliver: (scoped) => {
        for (const listener of this.#listeners) listener(scoped);
      },
      idle: () => this.#listeners.size === 0,
      pollMs,
    });
  }

  /** The id of the newest event this hub has delivered (or seen at start). */
  get lastId(): number {
    return this.#tail.lastId;
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  async start(): Promise<void> {
    await this.#tail.start();
    this.#sessionTimer = setInterval(() => void this.checkSessions(), this.sessionCheckMs);
    this.#sessionTimer.unref();
  }

  /**
   * Calls `onEnded` with the reason once the session behind an open subscription is gone: logged out, expired,
   * or its user disabled; or, for an API token, revoked or expired. All sessions watched by this
   * instance are checked in one query, and the rest as API tokens in one more.
   */
  watchSession(tokenHash: string, onEnded: (reason: SessionEnd) => void): () => void {
    const callbacks = this.#sessions.get(tokenHash) ?? new Set<(reason: SessionEnd) => void>();
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
      // What is not a live session may be an API token: live, or ended for a reason it can name.
      const rest = checked.filter((hash) => !live.has(hash));
      const tokens = await findApiTokenStates(this.database.db, rest);
      // Only the sessions that were asked about: one first watched while the query ran is not in
      // its answer, and is checked next time.
      for (const hash of checked) {
        const callbacks = this.#sessions.get(hash);
        const token = tokens.get(hash);
        if (!callbacks || live.has(hash) || token === 'active') continue;
        this.#sessions.delete(hash);
        const reason = token ? TOKEN_END[token] : 'SESSION_EXPIRED';
        for (const onEnded of callbacks) onEnded(reason);
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
    if (this.#sessionTimer) clearInterval(this.#sessionTimer);
    await this.#tail.stop();
  }

  /**
   * Registers a listener for every new event; returns the unsubscribe. The hub listens for the
   * database's rings while it has a subscriber (see `TableTail.want`): await `ready()` before
   * reading a backlog, so backlog and live events meet.
   */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    const demand = this.#tail.want();
    demand.ready.catch(() => {}); // the subscriber awaits `ready()` and sees the failure there
    return () => {
      if (this.#listeners.delete(listener)) demand.release();
    };
  }

  /** Resolves once the hub listens (after a `subscribe` or `want`). */
  ready(): Promise<void> {
    return this.#tail.ready();
  }

  /**
   * Keeps the hub listening without a subscriber, for a worker that follows `onRing` (the webhook
   * dispatcher while webhooks are active). Returns the release.
   */
  want(): () => void {
    const demand = this.#tail.want();
    demand.ready.catch((error: unknown) => this.log.warn({ err: error }, 'listening for new events failed'));
    return demand.release;
  }

  /**
   * Registers a callback for every ring (a NOTIFY, a poll or a reconnect), without asking the hub
   * to read events: for workers that read the events table themselves, such as the webhook
   * dispatcher, so that an instance with no live subscribers still reads nothing.
   */
  onRing(callback: () => void): () => void {
    return this.#tail.onRing(callback);
  }

  /**
   * Asks the hub to read new events now; `payload` is the id a NOTIFY carried. Rings during a
   * read coalesce into one more read; with nobody subscribed the hub reads nothing.
   */
  ring(payload?: string): void {
    this.#tail.ring(payload);
  }

  /** Resolves once every event committed before the call has been published. For tests and shutdown. */
  settle(): Promise<void> {
    return this.#tail.settle();
  }
}
