/**
 * Steps between the floor and the API, to say what each layer costs (`--ladder`). Each step adds one
 * thing on top of the previous one and serves the same URLs and answers:
 *
 * - `kysely`: the floor's routes, but the database work through the @itam/db functions the
 *   procedures call (Kysely builds and compiles each query; `db.transaction()` for writes);
 * - `zod`: that, plus the procedures' zod input schemas and output schemas (`page(Asset)`, `Asset`)
 *   parsed as tRPC does;
 * - `caller`: the API's own router through a tRPC server-side caller (`createCallerFactory`) with the
 *   API's createContextInner and services (the event hub included): every middleware, validation and
 *   procedure of the API, but no HTTP adapter, no Fastify plugins;
 * - then the API itself (`ours`) adds the tRPC Fastify/fetch adapter, the cookie and WebSocket
 *   plugins.
 */
import { createHash } from 'node:crypto';
import {
  appendEvent,
  createDatabase,
  findAssetById,
  findSessionByTokenHash,
  insertAsset,
  listAssets,
  lockAssetForUpdate,
  setAssetStage,
} from '@itam/db';
import {
  Asset,
  AssetDetail,
  assetDetail,
  CreateAssetInput,
  can,
  decideTransition,
  ListAssetsInput,
  page,
  scopeOf,
  TransitionAssetInput,
  todayUtc,
} from '@itam/domain';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { loadConfig } from '../../apps/api/src/config.ts';
import { createContextInner } from '../../apps/api/src/context.ts';
import { appRouter } from '../../apps/api/src/router.ts';
import { createServer } from '../../apps/api/src/server.ts';
import { createCallerFactory } from '../../apps/api/src/trpc.ts';

export type LadderStep = 'kysely' | 'zod' | 'caller';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const GetInput = TransitionAssetInput.pick({ id: true }); // z.strictObject({ id: Id }), as assets.get
const AssetPage = page(Asset);

function tokenOf(req: FastifyRequest): string | undefined {
  return req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

function queryInput(req: FastifyRequest): unknown {
  const raw = (req.query as { input?: string }).input;
  return raw === undefined ? undefined : JSON.parse(raw);
}

function send(reply: FastifyReply, data: unknown) {
  return reply.header('content-type', 'application/json').send(JSON.stringify({ result: { data } }));
}

export async function createLadderServer(step: LadderStep, url: string, poolSize: number) {
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 5_000 }, bodyLimit: 1_048_576 });
  app.setErrorHandler((error, _req, reply) => {
    const status =
      error instanceof HttpError
        ? error.status
        : (((error as { code?: string }).code === 'BAD_REQUEST' ? 400 : undefined) ?? 500);
    void reply.code(status).send({ error: { message: error instanceof Error ? error.message : 'Error' } });
  });
  let close: () => Promise<void>;

  if (step === 'caller') {
    const api = await createServer(
      loadConfig({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATABASE_URL: url,
        DATABASE_POOL_SIZE: String(poolSize),
        ITAM_SECRET: 'bench-throwaway-secret-0123456789abcdef',
      }),
    );
    const { services } = api;
    await services.hub.start();
    const createCaller = createCallerFactory(appRouter);
    const callerFor = async (req: FastifyRequest) =>
      createCaller(await createContextInner({ services, token: tokenOf(req), cookies: null }));
    app.get('/trpc/assets.list', async (req, reply) =>
      send(reply, await (await callerFor(req)).assets.list(queryInput(req) as never)),
    );
    app.get('/trpc/assets.get', async (req, reply) =>
      send(reply, await (await callerFor(req)).assets.get(queryInput(req) as never)),
    );
    app.post('/trpc/assets.create', async (req, reply) =>
      send(reply, await (await callerFor(req)).assets.create(req.body as never)),
    );
    app.post('/trpc/assets.transition', async (req, reply) =>
      send(reply, await (await callerFor(req)).assets.transition(req.body as never)),
    );
    close = () => api.stop();
  } else {
    const zod = step === 'zod';
    const database = await createDatabase(url, { poolSize, migrate: false });
    const db = database.db;
    const authenticate = async (req: FastifyRequest) => {
      const token = tokenOf(req);
      if (!token || token.length > 256) throw new HttpError(401, 'Sign in first.');
      const found = await findSessionByTokenHash(db, createHash('sha256').update(token).digest('hex'));
      if (found.status !== 'valid') throw new HttpError(401, 'Sign in first.');
      return found.user;
    };
    app.get('/trpc/assets.list', async (req, reply) => {
      const actor = await authenticate(req);
      if (!can(actor, 'asset.read')) throw new HttpError(403, 'Forbidden');
      const raw = (queryInput(req) ?? {}) as { holderId?: string; limit?: number; cursor?: string };
      const input = zod ? ListAssetsInput.parse(raw) : { sort: 'created' as const, limit: 50, ...raw };
      const own = scopeOf(actor, 'asset.read') === 'own';
      const result = await listAssets(db, { ...input, holderId: own ? actor.id : input.holderId });
      return send(reply, zod ? AssetPage.parse(result) : result);
    });
    app.get('/trpc/assets.get', async (req, reply) => {
      const actor = await authenticate(req);
      if (!can(actor, 'asset.read')) throw new HttpError(403, 'Forbidden');
      const raw = queryInput(req) as { id: string };
      const { id } = zod ? GetInput.parse(raw) : raw;
      const asset = await findAssetById(db, id);
      if (!asset) throw new HttpError(404, 'No such asset.');
      return send(
        reply,
        zod ? AssetDetail.parse(assetDetail(asset, todayUtc())) : assetDetail(asset, todayUtc()),
      );
    });
    app.post('/trpc/assets.create', async (req, reply) => {
      const actor = await authenticate(req);
      if (!can(actor, 'asset.create')) throw new HttpError(403, 'Forbidden');
      const input = zod
        ? CreateAssetInput.parse(req.body)
        : { stage: 'in_stock' as const, condition: 'new' as const, ...(req.body as CreateAssetInput) };
      const asset = await db.transaction().execute(async (trx) => {
        const created = await insertAsset(trx, input);
        await appendEvent(trx, {
          actor,
          entity: 'asset',
          entityId: created.id,
          action: 'created',
          after: created,
        });
        return created;
      });
      return send(
        reply,
        zod ? AssetDetail.parse(assetDetail(asset, todayUtc())) : assetDetail(asset, todayUtc()),
      );
    });
    app.post('/trpc/assets.transition', async (req, reply) => {
      const actor = await authenticate(req);
      if (!can(actor, 'asset.transition')) throw new HttpError(403, 'Forbidden');
      const input = zod
        ? TransitionAssetInput.parse(req.body)
        : (req.body as { id: string; to: Asset['stage']; reason: string });
      const asset = await db.transaction().execute(async (trx) => {
        const before = await lockAssetForUpdate(trx, input.id);
        if (!before) throw new HttpError(404, 'No such asset.');
        const verdict = decideTransition({ stage: before.stage, held: before.holder !== null }, input.to);
        if (!verdict.ok) throw new HttpError(409, verdict.message);
        await setAssetStage(trx, input.id, input.to);
        const after = (await findAssetById(trx, input.id))!;
        const audience = [before.holder?.id, after.holder?.id].filter((h): h is string => !!h);
        await appendEvent(trx, {
          actor,
          entity: 'asset',
          entityId: after.id,
          action: 'transitioned',
          reason: input.reason,
          before,
          after,
          audience,
        });
        return after;
      });
      return send(
        reply,
        zod ? AssetDetail.parse(assetDetail(asset, todayUtc())) : assetDetail(asset, todayUtc()),
      );
    });
    close = () => database.close();
  }

  return {
    app,
    start: () => app.listen({ host: '127.0.0.1', port: 0 }),
    async stop() {
      await app.close();
      await close();
    },
  };
}
