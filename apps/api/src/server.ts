import fastifyWebsocket from '@fastify/websocket';
import { createDatabase, type Database } from '@itam/db';
import type { TRPCError } from '@trpc/server';
import type { CreateFastifyContextOptions, FastifyHandlerOptions } from '@trpc/server/adapters/fastify';
import {
  type CreateWSSContextFnOptions,
  getWSConnectionHandler,
  handleKeepAlive,
} from '@trpc/server/adapters/ws';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocketServer } from 'ws';
import { clearedSessionCookie, sessionCookie, tokenFrom } from './auth/tokens.ts';
import type { Config } from './config.ts';
import { type Context, type CookieJar, createContextInner, type Services } from './context.ts';
import { registerCsvRoutes } from './csv/routes.ts';
import { reasonOf, toTRPCError } from './errors.ts';
import { registerTrpcHttp } from './http.ts';
import { pruneIdempotencyKeysPeriodically } from './idempotency.ts';
import { scheduleNotificationJob } from './jobs/notifications.ts';
import { EventHub } from './live/hub.ts';
import { NotificationHub } from './live/notification-hub.ts';
import { registerRest } from './rest/register.ts';
import { type AppRouter, appRouter } from './router.ts';
import { createKeyring, resealProductKeys, resealWebhookSecrets, resolveSecret } from './secrets.ts';
import { registerDashboard, webDist } from './web.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';

export interface ItamServer {
  server: FastifyInstance;
  services: Services;
  /** Listens on the configured host and port; resolves to the base URL. */
  start(): Promise<string>;
  /** Stops accepting, closes sockets and the database. Safe to call twice. */
  stop(): Promise<void>;
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
    const hooks = await resealWebhookSecrets(database.db, keyring);
    if (hooks > 0) log.info({ moved: hooks }, 'webhook secrets re-sealed with the current ITAM_SECRET');
  }
  const webhooks = new WebhookDispatcher(database, keyring, log, {
    intervalMs: config.ITAM_WEBHOOK_INTERVAL_MS,
    timeoutMs: config.ITAM_WEBHOOK_TIMEOUT_MS,
    maxAttempts: config.ITAM_WEBHOOK_MAX_ATTEMPTS,
    backoffBaseMs: config.ITAM_WEBHOOK_BACKOFF_BASE_MS,
    concurrency: config.ITAM_WEBHOOK_CONCURRENCY,
  });
  // A new event anywhere (this instance or another, through the doorbell) wakes the dispatcher.
  hub.onRing(() => webhooks.wake());
  webhooks.followRings(() => hub.want());
  const services: Services = { database, hub, notifications, config, log, keyring, webhooks };

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
    const secure = config.ITAM_COOKIE_SECURE;
    const cookies: CookieJar = {
      setSession: (token, expiresAt) =>
        void res.header('set-cookie', sessionCookie(token, expiresAt, secure)),
      clearSession: () => void res.header('set-cookie', clearedSessionCookie(secure)),
    };
    const token = tokenFrom({ authorization: req.headers.authorization, cookieHeader: req.headers.cookie });
    return createContextInner({ services, token, cookies });
  }

  const onError = ({ error, path: procedure }: { error: TRPCError; path: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR')
      log.error({ err: error.cause ?? error, procedure }, 'procedure failed');
  };
  const trpcOptions: FastifyHandlerOptions<AppRouter, FastifyRequest, FastifyReply> = {
    router: appRouter,
    createContext,
    onError,
  };
  await registerTrpcHttp(server, '/trpc', trpcOptions);
  // REST at /api/v1 over the same procedures and context, with /openapi.json and /docs.
  await registerRest(server, { createContext, onError });

  // The WebSocket plugin lives in its own context with the one WebSocket route, so its hooks run
  // for upgrades only and not on every HTTP request.
  let websocketServer: WebSocketServer | undefined;
  await server.register(async (live) => {
    await live.register(fastifyWebsocket, {
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
    websocketServer = live.websocketServer;
    const onConnection = getWSConnectionHandler<AppRouter>({
      wss: live.websocketServer,
      router: appRouter,
      createContext,
      onError,
    });
    live.get('/trpc', { websocket: true }, (socket, req) => {
      onConnection(socket, req.raw);
      // Pings find dead sockets.
      handleKeepAlive(socket, 30_000, 10_000);
    });
  });

  await registerCsvRoutes(server, services);

  server.get('/healthz', async (_req, reply) => {
    const ok = await database.ping();
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'up' : 'down' });
  });

  const dist = webDist(config.ITAM_WEB_DIST);
  if (dist) await registerDashboard(server, dist);

  let stopped: Promise<void> | undefined;
  let stopPruning: (() => void) | undefined;
  let stopJob: (() => Promise<void>) | undefined;
  return {
    server,
    services,
    async start() {
      await hub.start();
      webhooks.start();
      stopPruning = pruneIdempotencyKeysPeriodically(database.db, log);
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
        await webhooks.stop();
        await notifications.stop();
        stopPruning?.();
        for (const client of websocketServer?.clients ?? []) client.close(1001, 'Server shutting down');
        await server.close();
        if (ownsDatabase) await database.close();
      })();
      return stopped;
    },
  };
}
