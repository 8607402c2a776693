/**
 * One real database and one real server per test file: PGlite in memory by default, a fresh
 * database on the server named by DATABASE_URL otherwise. Tests call procedures through a caller
 * (no transport) or over HTTP and WebSocket after `start()`.
 */
import { createTestDatabase, type TestDatabase } from '@itam/db/testing';
import { type Config, loadConfig } from '../src/config.ts';
import { createContextInner, type Services } from '../src/context.ts';
import { appRouter } from '../src/router.ts';
import { createServer, type ItamServer } from '../src/server.ts';
import { createCallerFactory } from '../src/trpc.ts';

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
