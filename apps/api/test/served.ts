/**
 * A real server on port 0 that opens its own database from config, so DATABASE_POOL_SIZE is the
 * pool its requests really run on: races over HTTP then use separate PostgreSQL connections. On
 * PostgreSQL the database is a fresh one per file (and the test keeps its own connections to it,
 * outside the server's pool, to hold locks and watch them); on PGlite the server opens an
 * in-memory one and the test shares it.
 */
import { type DB, isPostgresUrl, type Kysely } from '@itam/db';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { sql } from 'kysely';
import { createContextInner, type Services } from '../src/context.ts';
import { appRouter } from '../src/router.ts';
import { createServer } from '../src/server.ts';
import { createCallerFactory } from '../src/trpc.ts';
import type { Caller } from './harness.ts';
import { testConfig } from './harness.ts';
import { type TrpcHttp, type TrpcHttpResponse, trpcHttp } from './http.ts';

const createCaller = createCallerFactory(appRouter);

export interface ServedApp {
  kind: 'postgres' | 'pglite';
  /** The server's own database (its pool). */
  db: Kysely<DB>;
  /** Connections of the test's own, outside the server's pool (PostgreSQL only). */
  side: Kysely<DB> | undefined;
  services: Services;
  baseUrl: string;
  http: TrpcHttp;
  caller(token?: string): Promise<Caller>;
  close(): Promise<void>;
}

export async function openServedApp(poolSize: number): Promise<ServedApp> {
  const postgres = isPostgresUrl(process.env.DATABASE_URL);
  const testDatabase: TestDatabase | undefined = postgres ? await createTestDatabase() : undefined;
  const app = await createServer(
    testConfig({
      DATABASE_URL: testDatabase?.url ?? 'memory://',
      DATABASE_POOL_SIZE: String(poolSize),
    }),
  );
  const baseUrl = await app.start();
  return {
    kind: postgres ? 'postgres' : 'pglite',
    db: app.services.database.db,
    side: testDatabase?.db,
    services: app.services,
    baseUrl,
    http: trpcHttp(baseUrl),
    async caller(token) {
      return createCaller(await createContextInner({ services: app.services, token }));
    },
    async close() {
      await app.stop();
      await testDatabase?.close();
    },
  };
}

/** Backends of this database waiting for a lock right now (PostgreSQL only). */
export async function countLockWaiters(side: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct l.pid)::int as n
    from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where not l.granted and a.datname = current_database()`.execute(side);
  return rows[0]!.n;
}

/** Connections open to this database right now (PostgreSQL only). */
export async function countConnections(side: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity where datname = current_database()`.execute(side);
  return rows[0]!.n;
}

/**
 * Holds a lock in a transaction of the test's own until `release` is called: a gate that parks
 * requests on it, so they are all waiting when it opens.
 */
export async function holdLock(
  side: Kysely<DB>,
  take: (trx: Kysely<DB>) => Promise<unknown>,
): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let taken!: () => void;
  const isTaken = new Promise<void>((resolve) => {
    taken = resolve;
  });
  const done = side.transaction().execute(async (trx) => {
    await take(trx);
    taken();
    await released;
  });
  await Promise.race([isTaken, done]);
  return {
    async release() {
      release();
      await done;
    },
  };
}

/** How many responses had each outcome: `200`, or the status and reason of a refusal. */
export function statuses(responses: TrpcHttpResponse[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const r of responses) {
    const key = r.status === 200 ? '200' : `${r.status} ${r.error?.data?.reason}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}
