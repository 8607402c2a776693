import type { Reason } from '@itam/domain';
import type { TRPCError } from '@trpc/server';
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { TRPCRequestInfo } from '@trpc/server/http';
// why the internal entry: the same function tRPC's HTTP handler calls to shape an error through the
// router's errorFormatter, so REST errors carry exactly the reason and status tRPC's do.
import { getErrorShape, getTRPCErrorFromUnknown } from '@trpc/server/unstable-core-do-not-import';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory } from '../trpc.ts';
import { registerDocs } from './docs.ts';
import { inputFromBody, inputFromQuery, type QueryKind, queryKinds } from './input.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { REST_BASE, REST_ROUTES, type RestRoute } from './routes.ts';
import { inputJsonSchema, partsOf } from './schemas.ts';

export interface RestOptions {
  /** The context tRPC's HTTP route builds: the session from the cookie or `Authorization: Bearer`. */
  createContext: (opts: CreateFastifyContextOptions) => Promise<Context>;
  onError: (opts: { error: TRPCError; path: string | undefined }) => void;
}

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

/** The caller is a proxy over the router: walking the dotted path reaches the procedure. */
function callAt(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<any>((node, key) => node[key], caller);
  return fn(input);
}

export interface RestErrorBody {
  error: {
    reason: Reason | null;
    message: string;
    status: number;
    details: Record<string, unknown> | null;
    issues: { path: string; message: string }[] | null;
  };
}

/** A failure as JSON, from tRPC's own error shape (the router's errorFormatter). */
function errorBody(
  error: TRPCError,
  route: RestRoute,
  input: unknown,
  ctx: Context | undefined,
): RestErrorBody {
  const type = partsOf(route.procedure).type;
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: type === 'subscription' ? 'query' : type,
    path: route.procedure,
    input,
    ctx,
  });
  // The router's errorFormatter (trpc.ts) puts these in `data`; the type here is tRPC's default shape.
  const data = shape.data as unknown as Omit<RestErrorBody['error'], 'message' | 'status'> & {
    httpStatus: number;
  };
  return {
    error: {
      reason: data.reason,
      message: shape.message,
      status: data.httpStatus,
      details: data.details,
      issues: data.issues,
    },
  };
}

/** An error Fastify raises before a route runs (a body that is not JSON, too large, of another type). */
function transportErrorBody(status: number, message: string): RestErrorBody {
  const reason: Reason = status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
  return { error: { reason, message, status, details: null, issues: null } };
}

function requestInfo(route: RestRoute, signal: AbortSignal): TRPCRequestInfo {
  const type = partsOf(route.procedure).type;
  return {
    accept: null,
    type: type === 'subscription' ? 'query' : type,
    isBatchCall: false,
    calls: [],
    connectionParams: null,
    signal,
    url: null,
  };
}

function buildInput(route: RestRoute, req: FastifyRequest, kinds: Record<string, QueryKind>): unknown {
  const params = req.params as Record<string, string>;
  if (partsOf(route.procedure).inputs.length === 0) return undefined;
  if (route.method === 'GET') {
    const query = inputFromQuery(req.query as Record<string, string | string[]>, kinds);
    return { ...query, ...params };
  }
  return inputFromBody(req.body, params, route.bodyField);
}

function handlerFor(route: RestRoute, options: RestOptions) {
  const kinds = queryKinds(inputJsonSchema(partsOf(route.procedure)));
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const abort = new AbortController();
    reply.raw.once('close', () => abort.abort());
    const input = buildInput(route, req, kinds);
    let ctx: Context | undefined;
    try {
      ctx = await options.createContext({ req, res: reply, info: requestInfo(route, abort.signal) });
      const data = await callAt(createCaller(ctx, { signal: abort.signal }), route.procedure, input);
      return reply.code(route.status ?? 200).send(data);
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      options.onError({ error, path: route.procedure });
      const body = errorBody(error, route, input, ctx);
      return reply.code(body.error.status).send(body);
    }
  };
}

/**
 * REST at `/api/v1`: each route of the table calls its procedure through a server-side caller,
 * with the context the tRPC route builds, so permissions, validation, errors and audit are the
 * procedure's own. Also serves the OpenAPI document at `/openapi.json` and its reference at `/docs`.
 */
export async function registerRest(server: FastifyInstance, options: RestOptions): Promise<void> {
  await server.register(
    async (scope) => {
      for (const route of REST_ROUTES) {
        scope.route({
          method: route.method,
          url: route.path.replace(/\{(\w+)\}/g, ':$1'),
          handler: handlerFor(route, options),
        });
      }
      scope.setNotFoundHandler((req, reply) =>
        reply.code(404).send(transportErrorBody(404, `No route ${req.method} ${req.url.split('?')[0]}.`)),
      );
      scope.setErrorHandler((error: FastifyError, _req, reply) => {
        const status = error.statusCode ?? 500;
        if (status >= 500) {
          // A bug, never the client's input: logged, and answered without its details.
          reply.log.error({ err: error }, 'REST request failed');
          return reply.code(500).send({
            error: { reason: null, message: 'Internal error', status: 500, details: null, issues: null },
          });
        }
        return reply.code(status).send(transportErrorBody(status, error.message));
      });
    },
    { prefix: REST_BASE },
  );

  const document = buildOpenApiDocument();
  const documentText = JSON.stringify(document);
  server.get('/openapi.json', async (_req, reply) =>
    reply.type('application/json').header('cache-control', 'no-cache').send(documentText),
  );
  await registerDocs(server);
}
