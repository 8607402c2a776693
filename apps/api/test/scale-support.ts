/**
 * Shared by the scale- and fault- suites: a live subscriber over a real WebSocket (the typed
 * client with `wsLink`, which resumes by `lastEventId` on its own if its socket drops), and the
 * events table's ids for a subscriber's scope, to compare what arrived with the record.
 */
import { createDatabase, type Database, type DB, type Kysely } from '@itam/db';
import type { AuditEvent } from '@itam/domain';
import { createTRPCClient, createWSClient, type TRPCClientError, wsLink } from '@trpc/client';
import { sql } from 'kysely';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../src/router.ts';
import { createServer, type ItamServer } from '../src/server.ts';
import { testConfig } from './harness.ts';
import { type TrpcHttp, trpcHttp } from './http.ts';

/** What instances must share besides the database: the config, the secret included. */
export const SHARED_CONFIG = { ITAM_SECRET: 'scale-test-secret-shared-by-every-instance-0123456789' };

export interface Instance {
  database: Database;
  server: ItamServer;
  http: TrpcHttp;
  wsUrl: string;
  close(): Promise<void>;
}

/**
 * One API instance as a separate process would run it: its own `createDatabase` on `url` (its own
 * pool and LISTEN connection), the shared config, a port of its own.
 */
export async function openInstance(url: string, overrides: Record<string, string> = {}): Promise<Instance> {
  const database = await createDatabase(url, { poolSize: 4 });
  try {
    const server = await createServer(testConfig({ ...SHARED_CONFIG, ...overrides }), { database });
    const baseUrl = await server.start();
    return {
      database,
      server,
      http: trpcHttp(baseUrl),
      wsUrl: `${baseUrl.replace('http', 'ws')}/trpc`,
      async close() {
        await server.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export interface LiveSubscriber {
  received: { id: string; data: AuditEvent }[];
  errors: TRPCClientError<AppRouter>[];
  /** Close codes of the sockets this client had (a drop the client then recovered from). */
  closes: number[];
  /** How many sockets it opened: 1 while it never had to reconnect. */
  opens: number;
  /** Resolves once the server has started the subscription. */
  started: Promise<void>;
  close(): Promise<void>;
}

export function subscribeLive(
  wsUrl: string,
  token: string,
  input: { lastEventId?: string } = {},
): LiveSubscriber {
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const subscriber: LiveSubscriber = {
    received: [],
    errors: [],
    closes: [],
    opens: 0,
    started,
    close: async () => {},
  };
  const wsClient = createWSClient({
    url: wsUrl,
    // why: Node 20 has no global WebSocket; `ws` is the implementation the server uses too.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
    retryDelayMs: () => 200,
    onOpen: () => {
      subscriber.opens += 1;
    },
    onClose: (cause) => subscriber.closes.push(cause?.code ?? 0),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  const subscription = client.events.onChange.subscribe(input, {
    onStarted: () => markStarted(),
    onData: (value) => subscriber.received.push(value as { id: string; data: AuditEvent }),
    onError: (error) => {
      subscriber.errors.push(error as TRPCClientError<AppRouter>);
      markStarted();
    },
  });
  subscriber.close = async () => {
    subscription.unsubscribe();
    await wsClient.close();
  };
  return subscriber;
}

/** The ids `subscriber` received after `afterId`, in arrival order. */
export function receivedAfter(subscriber: LiveSubscriber, afterId: number): string[] {
  return subscriber.received.map((r) => r.id).filter((id) => Number(id) > afterId);
}

/**
 * The events table's ids after `afterId`, in id order: all of them (staff scope), or those
 * `audienceOf` may see (an employee's own scope, as `events.onChange` filters it).
 */
export async function tableIdsAfter(db: Kysely<DB>, afterId: number, audienceOf?: string): Promise<string[]> {
  let query = db.selectFrom('events').select('id').where('id', '>', afterId);
  if (audienceOf) query = query.where(sql<boolean>`${audienceOf}::uuid = any(audience)`);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => String(r.id));
}

/**
 * Waits until the subscriber has received the newest id of its scope (or failed), then a moment
 * more for any stray duplicate, and asserts it received exactly the table's ids: in order, no gap,
 * no duplicate.
 */
export async function expectExactlyTheTable(
  subscriber: LiveSubscriber,
  db: Kysely<DB>,
  afterId: number,
  options: { audienceOf?: string; timeout?: number; label: string },
): Promise<string[]> {
  const expected = await tableIdsAfter(db, afterId, options.audienceOf);
  const newest = expected.at(-1);
  await expect
    .poll(
      () =>
        subscriber.errors.length > 0 ||
        (newest === undefined ? true : subscriber.received.some((r) => r.id === newest)),
      { timeout: options.timeout ?? 15_000, interval: 50 },
    )
    .toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(subscriber.errors, `${options.label}: subscription errors`).toEqual([]);
  const got = receivedAfter(subscriber, afterId);
  const duplicates = got.filter((id, i) => got.indexOf(id) !== i);
  expect(duplicates, `${options.label}: duplicates`).toEqual([]);
  const missing = expected.filter((id) => !got.includes(id));
  expect(missing, `${options.label}: missing ids`).toEqual([]);
  expect(got, `${options.label}: exactly the table's ids, in order`).toEqual(expected);
  return expected;
}

/** Waits until `subscriber` has received an event about `entityId` (proof it is live). */
export async function untilEntity(subscriber: LiveSubscriber, entityId: string): Promise<void> {
  await expect
    .poll(
      () => subscriber.errors.length > 0 || subscriber.received.some((r) => r.data.entityId === entityId),
      {
        timeout: 10_000,
        interval: 20,
      },
    )
    .toBe(true);
  expect(subscriber.errors).toEqual([]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
