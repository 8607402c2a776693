import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Where it lives, without credentials: a host and database, or a data folder, or memory. */
  location: string;
  /**
   * Calls `onMessage` for every NOTIFY on `channel`. `onReconnect` runs after a lost listener
   * connection is back, so the caller can catch up on what it may have missed meanwhile.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** Called with errors the pool or listener reports outside any query. */
  onError?: (error: Error) => void;
}

// The parsers are set on purpose, identically on both drivers (see connection.test.ts):
// int8 → number (ids and counts stay far below 2^53; larger values fail loudly),
// numeric → number (money has two decimals), date → 'YYYY-MM-DD' string (no time zone shift),
// timestamptz → Date.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is beyond 2^53`);
  return n;
}
const parseNumeric = (value: string) => Number(value);
const parseDate = (value: string) => value;

/**
 * The one place that decides the driver: a `postgres://` URL gets `pg`; anything else is
 * embedded PGlite — `memory://` in memory, otherwise a data folder (default `.data/pglite`).
 */
export async function createDatabase(url?: string, options: DatabaseOptions = {}): Promise<Database> {
  const database = isPostgresUrl(url) ? openPostgres(url!, options) : await openPglite(url, options);
  if (options.migrate !== false) {
    const result = await migrateToLatest(database.db);
    if (result.error) {
      await database.close();
      throw result.error;
    }
  }
  return database;
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

function openPostgres(url: string, options: DatabaseOptions): Database {
  const typeParsers = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return parseInt8;
      if (oid === NUMERIC) return parseNumeric;
      if (oid === DATE) return parseDate;
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: typeParsers,
    connectionTimeoutMillis: 5_000,
    application_name: POOL_APPLICATION_NAME,
  });
  // A server restart or `pg_terminate_backend` makes a connection emit 'error'. The pool handles
  // that for idle connections (and emits it here); a checked-out one has no listener of its own,
  // and an unhandled 'error' would end the process. Listen on every connection: the query in
  // flight, if any, fails on its own, and the pool drops the dead connection when it is released.
  const reported = new WeakSet<Error>();
  const report = (error: Error) => {
    if (reported.has(error)) return;
    reported.add(error);
    options.onError?.(error);
  };
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // One LISTEN connection per database handle, however many channels are listened to.
  const listener = new PgListener(url, options.onError);
  const parsed = new URL(url);
  return {
    db,
    kind: 'postgres',
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    listen: (channel, onMessage, onReconnect) => listener.add(channel, { onMessage, onReconnect }),
    async ping() {
      try {
        const client = await pool.connect();
        try {
          await client.query('select 1');
          return true;
        } finally {
          client.release();
        }
      } catch {
        return false;
      }
    },
    async close() {
      await listener.stop();
      await db.destroy();
    },
  };
}

/** How this app's connections show in `pg_stat_activity.application_name`. */
export const POOL_APPLICATION_NAME = 'itam-api';
export const LISTENER_APPLICATION_NAME = 'itam-listener';

interface ChannelSubscriber {
  onMessage: (payload: string) => void;
  onReconnect: (() => void) | undefined;
}

/**
 * One dedicated connection that LISTENs, never a pooled one, shared by every channel of one
 * database handle. It connects with the first channel and ends with the last. When it drops
 * (server restart, `pg_terminate_backend`), it reconnects with backoff, listens again to every
 * channel, and tells each subscriber to catch up. Changes to the set of channels run one at a time.
 */
class PgListener {
  #client: pg.Client | undefined;
  #channels = new Map<string, Set<ChannelSubscriber>>();
  #retry: NodeJS.Timeout | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly url: string,
    private readonly onError: ((error: Error) => void) | undefined,
  ) {}

  #serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation);
    this.#queue = result.catch(() => {});
    return result;
  }

  add(channel: string, subscriber: ChannelSubscriber): Promise<() => Promise<void>> {
    return this.#serially(async () => {
      this.#stopped = false;
      const subscribers = this.#channels.get(channel) ?? new Set<ChannelSubscriber>();
      const isNew = subscribers.size === 0;
      subscribers.add(subscriber);
      this.#channels.set(channel, subscribers);
      try {
        if (!this.#client && !this.#retry) await this.#connect();
        else if (this.#client && isNew) await this.#client.query(`listen ${pg.escapeIdentifier(channel)}`);
      } catch (error) {
        this.#forget(channel, subscriber);
        throw error;
      }
      return () => this.#serially(() => this.#remove(channel, subscriber));
    });
  }

  #forget(channel: string, subscriber: ChannelSubscriber): boolean {
    const subscribers = this.#channels.get(channel);
    subscribers?.delete(subscriber);
    if (subscribers?.size !== 0) return false;
    this.#channels.delete(channel);
    return true;
  }

  async #remove(channel: string, subscriber: ChannelSubscriber): Promise<void> {
    const emptied = this.#forget(channel, subscriber);
    if (this.#channels.size === 0) return this.#end();
    if (emptied) await this.#client?.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: 5_000,
      application_name: LISTENER_APPLICATION_NAME,
    });
    client.on('notification', (message) => {
      for (const subscriber of this.#channels.get(message.channel) ?? []) {
        subscriber.onMessage(message.payload ?? '');
      }
    });
    client.on('error', (error) => {
      this.onError?.(error);
      this.#scheduleReconnect(client);
    });
    client.on('end', () => this.#scheduleReconnect(client));
    try {
      await client.connect();
      for (const channel of this.#channels.keys()) {
        await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      }
    } catch (error) {
      // Connected but could not LISTEN (or half-connected): do not leave the connection open.
      void client.end().catch(() => {});
      throw error;
    }
    if (this.#stopped || this.#channels.size === 0) {
      // Stopped, or every channel went away, while this connection was being made.
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
  }

  /** Once per lost connection: its first `error` or `end` starts the retries. */
  #scheduleReconnect(client: pg.Client): void {
    if (this.#stopped || this.#client !== client) return;
    this.#client = undefined;
    this.#retryLater(0);
  }

  #retryLater(attempt: number): void {
    const delay = Math.min(5_000, 100 * 2 ** attempt);
    this.#retry = setTimeout(() => {
      void this.#serially(async () => {
        this.#retry = undefined;
        if (this.#stopped || this.#channels.size === 0) return;
        try {
          await this.#connect();
        } catch (error) {
          if (this.#stopped) return;
          this.onError?.(error as Error);
          this.#retryLater(attempt + 1);
          return;
        }
        if (this.#stopped) return;
        for (const subscribers of this.#channels.values()) {
          for (const subscriber of subscribers) subscriber.onReconnect?.();
        }
      });
    }, delay);
  }

  async #end(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  stop(): Promise<void> {
    this.#channels.clear();
    return this.#serially(() => this.#end());
  }
}

async function openPglite(url: string | undefined, _options: DatabaseOptions): Promise<Database> {
  const dataDir = url === 'memory://' ? undefined : (url?.replace(/^file:\/\//, '') ?? '.data/pglite');
  // PGlite creates only the last folder of the path.
  if (dataDir) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { pg_trgm },
    parsers: {
      [pgliteTypes.INT8]: parseInt8,
      [pgliteTypes.NUMERIC]: parseNumeric,
      [pgliteTypes.DATE]: parseDate,
    },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory',
    async listen(channel, onMessage) {
      const unlisten = await pglite.listen(channel, onMessage);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    async ping() {
      try {
        await pglite.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
