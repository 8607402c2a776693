import type { Database, DB, Kysely } from '@itam/db';
import type { FastifyBaseLogger } from 'fastify';

/**
 * A table read as a tail: rows are only appended, their ids become visible in id order (the
 * table's insert takes an advisory lock, see its migration), and each commit rings `channel`.
 */
export interface TailSource<Row> {
  /** What one row is called in the log: 'event', 'notification'. */
  name: string;
  channel: string;
  latestId(db: Kysely<DB>): Promise<number>;
  /** The rows after `afterId`, in id order, at most `limit`. */
  listAfter(db: Kysely<DB>, afterId: number, limit: number): Promise<Row[]>;
  idOf(row: Row): number;
}

export interface TailOptions<Row> {
  /** Each new row, once, in id order. */
  deliver: (row: Row) => void;
  /**
   * True while nobody is owed the rows: the tail then reads nothing, a ring's id (when its NOTIFY
   * carries one) only moves `lastId` on, and a listener reconnect skips to the newest id.
   * Without it the tail always reads.
   */
  idle?: () => boolean;
  /** How often to read anyway, in case a ring was lost. */
  pollMs?: number;
  /** How long to keep listening after the last who wanted the tail left (default `LINGER_MS`). */
  lingerMs?: number;
}

/** Rows read per query; a longer run is read in several. */
export const TAIL_BATCH = 500;

/** How long a tail keeps listening after the last one who wanted it left. */
export const LINGER_MS = 30_000;

/**
 * Follows one table for one API instance. The table is the record; NOTIFY is only the doorbell.
 * When it rings (or every `pollMs`, or after the listener reconnects), the tail reads every row
 * after the last one it delivered, once, in batches, and hands them on in id order. Rings during
 * a read coalesce into one more read. Since ids become visible in order, "after the last id"
 * misses nothing. The database handle keeps one LISTEN connection for all its channels.
 */
export class TableTail<Row> {
  #lastId = 0;
  #reading: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  /** How many want the tail to listen (see `want`), and the LISTEN that serves them (its UNLISTEN). */
  #demand = 0;
  #listening: Promise<() => Promise<void>> | undefined;
  #linger: NodeJS.Timeout | undefined;
  /** A first `want` is reading the newest id: no row is read before that (see `#listen`). */
  #catchingUp = false;
  #stopped = false;
  /** The listener reconnected: rings may have been lost meanwhile. */
  #reconnected = false;
  #doorbell = new Set<() => void>();
  readonly #deliver: (row: Row) => void;
  readonly #idle: () => boolean;
  readonly #pollMs: number;
  readonly #lingerMs: number;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly source: TailSource<Row>,
    options: TailOptions<Row>,
  ) {
    this.#deliver = options.deliver;
    this.#idle = options.idle ?? (() => false);
    this.#pollMs = options.pollMs ?? 2_000;
    this.#lingerMs = options.lingerMs ?? LINGER_MS;
  }

  /** The id of the newest row this tail has delivered (or seen at start, or skipped to while idle). */
  get lastId(): number {
    return this.#lastId;
  }

  async start(): Promise<void> {
    this.#lastId = await this.source.latestId(this.database.db);
    this.#timer = setInterval(() => this.ring(), this.#pollMs);
    this.#timer.unref();
  }

  /**
   * The tail listens only while someone wants it to: a subscriber owed rows, or a worker that
   * follows the rings. PostgreSQL wakes every listening connection of a database on every NOTIFY,
   * whatever its channel, and the connection's backend opens a transaction to read it; an
   * instance that nobody follows live would make the database do that on every commit for
   * nothing (writes measured 15–20% slower under load with an idle listener).
   *
   * The first to want the tail after nobody did starts it at the newest id (rows committed while
   * nobody listened are owed to nobody); `ready` resolves once the LISTEN is on. A subscriber
   * that resumes from an id reads its backlog after `ready`, so backlog and live rows meet. When
   * the last one releases, the tail keeps listening for `lingerMs` (a reloaded page comes straight
   * back), then stops. Without LISTEN the poll still reads every `pollMs` for anyone owed rows.
   */
  want(): { ready: Promise<void>; release: () => void } {
    // Nobody wanted the tail and it no longer listens: nobody is owed the rows committed since.
    const fresh = this.#demand === 0 && !this.#listening;
    this.#demand++;
    if (this.#linger) {
      clearTimeout(this.#linger);
      this.#linger = undefined;
    }
    this.#listening ??= this.#listen(fresh);
    let released = false;
    return {
      ready: this.ready(),
      release: () => {
        if (released) return;
        released = true;
        this.#demand--;
        if (this.#demand > 0 || this.#stopped) return;
        this.#linger = setTimeout(() => {
          this.#linger = undefined;
          if (this.#demand === 0) void this.#stopListening();
        }, this.#lingerMs);
        this.#linger.unref();
      },
    };
  }

  /** Resolves once the current LISTEN is on (see `want`); at once when the tail does not listen. */
  ready(): Promise<void> {
    return this.#listening ? this.#listening.then(() => {}) : Promise.resolve();
  }

  async #listen(fresh: boolean): Promise<() => Promise<void>> {
    let unlisten: (() => Promise<void>) | undefined;
    try {
      if (fresh) {
        // Rows committed while nobody listened are owed to nobody: start from the newest, read
        // before the LISTEN (a new connection may take a while) and before any read of rows, so
        // the first one owed anything is at most a round trip behind.
        this.#catchingUp = true;
        try {
          const latest = await this.source.latestId(this.database.db);
          if (latest > this.#lastId) this.#lastId = latest;
        } finally {
          this.#catchingUp = false;
        }
      }
      unlisten = await this.database.listen(
        this.source.channel,
        (payload) => this.ring(payload),
        () => {
          this.log.info(`${this.source.name} listener reconnected; catching up`);
          this.#reconnected = true;
          this.ring();
        },
      );
      // What was committed between that read and the LISTEN rang nobody: read it now.
      this.ring();
      return unlisten;
    } catch (error) {
      // The next `want`, or the next poll while someone still wants the tail, tries again;
      // meanwhile the poll reads for whoever is owed rows.
      this.#listening = undefined;
      await unlisten?.().catch(() => {});
      throw error;
    }
  }

  async #stopListening(): Promise<void> {
    const listening = this.#listening;
    this.#listening = undefined;
    const unlisten = await listening?.catch(() => undefined);
    await unlisten?.().catch(() => {});
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#linger) clearTimeout(this.#linger);
    await this.#stopListening();
    await this.#reading;
  }

  /**
   * Registers a callback for every ring (a NOTIFY, a poll, a reconnect or a call to `ring`),
   * whether or not the tail reads: for workers that read the table themselves.
   */
  onRing(callback: () => void): () => void {
    this.#doorbell.add(callback);
    return () => this.#doorbell.delete(callback);
  }

  /** Asks the tail to read new rows now; `payload` is what the NOTIFY carried (an id, or nothing). */
  ring(payload?: string): void {
    if (this.#stopped) return;
    if (this.#demand > 0 && !this.#listening) {
      this.#listening = this.#listen(false);
      this.#listening.catch((error: unknown) =>
        this.log.warn({ err: error }, `listening for new ${this.source.name}s failed`),
      );
    }
    for (const callback of this.#doorbell) callback();
    if (this.#catchingUp) return;
    const notified = payload ? Number(payload) : Number.NaN;
    if (this.#idle() && !this.#reconnected) {
      // Ids become visible in order, so every row up to a ring's id is committed.
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

  /** Resolves once every row committed before the call has been delivered. For tests and shutdown. */
  async settle(): Promise<void> {
    this.ring();
    while (this.#reading) await this.#reading;
  }

  async #drain(): Promise<void> {
    const { db } = this.database;
    try {
      if (this.#reconnected && this.#idle()) {
        // Rings were lost while the listener was away and nobody is owed them: skip to the
        // newest id, unless someone arrived meanwhile (then read the rows as usual).
        const latest = await this.source.latestId(db);
        this.#reconnected = false;
        if (!this.#idle()) this.#again = true;
        else if (latest > this.#lastId) this.#lastId = latest;
        return;
      }
      for (;;) {
        const batch = await this.source.listAfter(db, this.#lastId, TAIL_BATCH);
        for (const row of batch) {
          const id = this.source.idOf(row);
          if (id <= this.#lastId) continue;
          this.#lastId = id;
          this.#deliver(row);
        }
        if (batch.length < TAIL_BATCH) break;
      }
      this.#reconnected = false;
    } catch (error) {
      // The database is unreachable for now; the next ring or poll tries again from the same id.
      this.log.warn({ err: error }, `reading new ${this.source.name}s failed`);
    }
  }
}
