/**
 * One real database and one real server per test file: PGlite in memory by default, a fresh
 * database on the server named by DATABASE_URL otherwise. Tests call procedures through a caller
 * (no transport) or over HTTP and WebSocket after `start()`.
 */
import type { DB, Kysely } from '@itam/db';
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { afterAll, beforeAll } from 'vitest';
import { type Config, loadConfig } from '../src/config.ts';
import { createContextInner, type Services } from '../src/context.ts';
import { appRouter } from '../src/router.ts';
import { createServer, type ItamServer } from '../src/server.ts';
import { createCallerFactory } from '../src/trpc.ts';
import { createUser, login } from './factories.ts';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', ...overrides });
}

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export interface TestApp {
  database: TestDatabase;
  app: ItamServer;
  services: Services;
  /** A caller as the holder of `token`, or anonymous without one. */
  caller(token?: string, signal?: AbortSignal): Promise<Caller>;
  /** Starts listening on port 0; resolves to the base URL (http://127.0.0.1:<port>). */
  start(): Promise<string>;
  close(): Promise<void>;
}

export async function openTestApp(configOverrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await createServer(testConfig(configOverrides), { database });
  return {
    database,
    app,
    services: app.services,
    async caller(token, signal) {
      const ctx = await createContextInner({ services: app.services, token });
      return createCaller(ctx, signal ? { signal } : undefined);
    },
    start: () => app.start(),
    async close() {
      await app.stop();
      await database.close();
    },
  };
}

/** Calls a procedure by its dotted path, as the permission and no-500 tables name them. */
export function callPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<any>((node, key) => node[key], caller);
  return fn(input);
}

/** The app of one test file, with an admin signed in (see `useTestApp`). */
export interface UsedTestApp {
  readonly app: TestApp;
  readonly db: Kysely<DB>;
  /** A caller signed in as an admin created for the file. */
  readonly admin: Caller;
  /** A caller signed in as `user` (made with `createUser`). */
  signIn(user: { username: string; password: string }): Promise<Caller>;
}

/**
 * Opens the file's app and signs an admin in before its tests, and closes it after them. Call it
 * at the top of a test file; read the fields inside hooks and tests, once they are set.
 */
export function useTestApp(): UsedTestApp {
  let app: TestApp | undefined;
  let admin: Caller | undefined;
  const opened = () => {
    if (!app) throw new Error('useTestApp: the app opens in beforeAll; read it inside hooks and tests');
    return app;
  };
  const signIn = async (user: { username: string; password: string }) =>
    opened().caller(await login(await opened().caller(), user));
  beforeAll(async () => {
    app = await openTestApp();
    admin = await signIn(await createUser(app.database.db, { role: 'admin' }));
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    get app() {
      return opened();
    },
    get db() {
      return opened().database.db;
    },
    get admin() {
      if (!admin) throw new Error('useTestApp: the admin signs in in beforeAll');
      return admin;
    },
    signIn,
  };
}
