import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { createDatabase, type Database } from '@itam/db';
import {
  type CreateFastifyContextOptions,
  type FastifyTRPCPluginOptions,
  fastifyTRPCPlugin,
} from '@trpc/server/adapters/fastify';
import type { CreateWSSContextFnOptions } from '@trpc/server/adapters/ws';
import Fastify, { type FastifyInstance } from 'fastify';
import { SESSION_COOKIE, tokenFrom } from './auth/tokens.ts';
import type { Config } from './config.ts';
import { type Context, type CookieJar, createContextInner, type Services } from './context.ts';
import { reasonOf, toTRPCError } from './errors.ts';
import { scheduleNotificationJob } from './jobs/notifications.ts';
import { EventHub } from './live/hub.ts';
import { NotificationHub } from './live/notification-hub.ts';
import { type AppRouter, appRouter } from './router.ts';
import { createKeyring, resealProductKeys, resolveSecret } from './secrets.ts';

export interface ItamServer {
  server: FastifyInstance;
  services: Services;
  /** Listens on the configured host and port; resolves to the base URL. */
  start(): Promise<string>;
  /** Stops accepting, closes sockets and the database. Safe to call twice. */
  stop(): Promise<void>;
}

/** Where the built dashboard is, if it was built. */
function webDist(config: Config): string | undefined {
  const candidates = config.ITAM_WEB_DIST
    ? [config.ITAM_WEB_DIST]
    : [path.resolve(import.meta.dirname, '../../web/dist')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

function isWebSocket(
  opts: CreateFastifyContextOptions | CreateWSSContextFnOptions,
): opts is CreateWSSContextFnOptions {
  return !('raw' in opts.req);
}

export async function createServer(
  config: Config,
  options: { database?: Database } = {},
): Promise<ItamServer> {
  const server = Fastify({
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    trustProxy: config.ITAM_TRUST_PROXY,
    routerOptions: { maxParamLength: 5_000 },
    bodyLimit: 1_048_576,
  });
  const log = server.log;
  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await createDatabase(config.DATABASE_URL ?? config.ITAM_DATA_DIR, {
      poolSize: config.DATABASE_POOL_SIZE,
      onError: (error) => log.warn({ err: error }, 'database connection error'),
    }));
  const hub = new EventHub(database, log);
  const notifications = new NotificationHub(database, log);
  const { secret, source } = resolveSecret({
    secret: config.ITAM_SECRET,
    embeddedDataDir:
      database.kind === 'pglite' && database.location !== 'memory' ? database.location : undefined,
    inMemory: database.kind === 'pglite' && database.location === 'memory',
    production: config.NODE_ENV === 'production',
  });
  if (source === 'ephemeral')
    log.warn('ITAM_SECRET is not set: product keys stored now cannot be read after a restart');
  const keyring = createKeyring(secret, config.ITAM_SECRET_PREVIOUS);
  if (config.ITAM_SECRET_PREVIOUS.length > 0) {
    const moved = await resealProductKeys(database.db, keyring);
    if (moved > 0) log.info({ moved }, 'product keys re-sealed with the current ITAM_SECRET');
  }
  const services: Services = { database, hub, notifications, config, log, keyring };

  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.ITAM_COOKIE_SECURE,
  };

  async function createContext(
    opts: CreateFastifyContextOptions | CreateWSSContextFnOptions,
  ): Promise<Context> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await createTransportContext(opts);
      } catch (error) {
        // Looking up the session failed (the database is unreachable, say): the same mapping as
        // a procedure's own failure, so an HTTP caller gets 503 UNAVAILABLE rather than a 500.
        const mapped = toTRPCError(error);
        // Over WebSocket the adapter would fail every request on the socket with it, and the
        // client does not retry a failed subscription. So the socket waits instead: the session
        // is checked again until the database answers (then the subscription starts, from its
        // lastEventId) or the socket closes.
        const socket = isWebSocket(opts) ? opts.res : undefined;
        if (!socket || reasonOf(mapped) !== 'UNAVAILABLE' || socket.readyState !== socket.OPEN) throw mapped;
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }

  async function createTransportContext(
    opts: CreateFastifyContextOptions | CreateWSSContextFnOptions,
  ): Promise<Context> {
    if (isWebSocket(opts)) {
      const token = tokenFrom({
        authorization: opts.req.headers.authorization,
        cookieHeader: opts.req.headers.cookie,
        connectionParams: opts.info.connectionParams,
      });
      const socket = opts.res;
      // 4401: the session behind this connection ended; the client must sign in again.
      const closeConnection = () => socket.close(4401, 'Session ended');
      return createContextInner({ services, token, cookies: null, closeConnection });
    }
    const { req, res } = opts;
    const cookies: CookieJar = {
      setSession: (token, expiresAt) =>
        void res.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt }),
      clearSession: () => void res.clearCookie(SESSION_COOKIE, cookieOptions),
    };
    const token = tokenFrom({ authorization: req.headers.authorization, cookieHeader: req.headers.cookie });
    return createContextInner({ services, token, cookies });
  }

  await server.register(fastifyCookie);
  await server.register(fastifyWebsocket, {
    options: {
      maxPayload: 1_048_576,
      verifyClient: ({ origin, req }, done) => {
        // Browsers always send Origin: it must be this server's own origin or an allowed one.
        // Programs (the typed client) send none and authenticate with a token.
        if (!origin) return done(true);
        const host = req.headers['x-forwarded-host'] ?? req.headers.host;
        const sameOrigin = [`http://${host}`, `https://${host}`].includes(origin);
        done(sameOrigin || config.ITAM_ALLOWED_ORIGINS.includes(origin), 403, 'Origin not allowed');
      },
    },
  });
  const trpcOptions: FastifyTRPCPluginOptions<AppRouter>['trpcOptions'] = {
    router: appRouter,
    createContext,
    onError({ error, path: procedure }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        log.error({ err: error.cause ?? error, procedure }, 'procedure failed');
    },
  };
  // The adapter reads `keepAlive` at run time though its type omits it: pings find dead sockets.
  const keepAlive = { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 };
  await server.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    useWSS: true,
    trpcOptions: { ...trpcOptions, keepAlive } as typeof trpcOptions,
  });

  server.get('/healthz', async (_req, reply) => {
    const ok = await database.ping();
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'up' : 'down' });
  });

  const dist = webDist(config);
  if (dist) {
    await server.register(fastifyStatic, { root: dist, wildcard: false });
    const index = await readFile(path.join(dist, 'index.html'));
    // The dashboard routes on the client: any other GET that wants HTML gets its shell.
    server.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc') && req.headers.accept?.includes('text/html')) {
        return reply.type('text/html').send(index);
      }
      return reply.code(404).send({ error: 'Not found' });
    });
  }

  let stopped: Promise<void> | undefined;
  let stopJob: (() => Promise<void>) | undefined;
  return {
    server,
    services,
    async start() {
      await hub.start();
      await notifications.start();
      const address = await server.listen({ host: config.HOST, port: config.PORT });
      if (config.ITAM_NOTIFICATION_INTERVAL_SECONDS > 0) {
        stopJob = scheduleNotificationJob(database, log, config.ITAM_NOTIFICATION_INTERVAL_SECONDS * 1000);
      }
      return address;
    },
    stop() {
      stopped ??= (async () => {
        await stopJob?.();
        await hub.stop();
        await notifications.stop();
        for (const client of server.websocketServer?.clients ?? [])
          client.close(1001, 'Server shutting down');
        await server.close();
        if (ownsDatabase) await database.close();
      })();
      return stopped;
    },
  };
}
