import {
  type CreateFastifyContextOptions,
  type FastifyHandlerOptions,
  fastifyRequestHandler,
} from '@trpc/server/adapters/fastify';
import { getHTTPStatusCode, type TRPCRequestInfo } from '@trpc/server/http';
// why the internal entry: these are the functions tRPC's own `resolveResponse` calls to run one
// procedure and shape its error; @trpc/server is pinned to one exact version in the catalog.
import {
  type AnyProcedure,
  getErrorShape,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from './context.ts';
import { runProcedure } from './procedure-run.ts';
import type { AppRouter } from './router.ts';

type TrpcOptions = FastifyHandlerOptions<AppRouter, FastifyRequest, FastifyReply>;

/** What the fast path needs to know about a request it takes; anything else goes to the adapter. */
interface SingleCall {
  path: string;
  procedure: AnyProcedure;
  type: 'query' | 'mutation';
  input: unknown;
}

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

/**
 * A plain call: one query by GET or one mutation by POST with a JSON body, no batch, no
 * streaming, input that parses. That is every request of the typed client's single calls and of
 * other programs. Anything else (batches, subscriptions over HTTP, a wrong method, input that does
 * not parse, an unknown procedure) returns undefined and goes through tRPC's own adapter, so its
 * answer (or its error) is tRPC's.
 */
async function singleCall(req: FastifyRequest, router: AppRouter): Promise<SingleCall | undefined> {
  const path = (req.params as { path: string }).path;
  const query = req.query as Record<string, string | undefined>;
  if ('batch' in query || 'connectionParams' in query || path.includes('%')) return undefined;
  if (req.headers['trpc-accept'] !== undefined) return undefined;
  const procedure = await getProcedureAtPath(router, path);
  const type = procedure?._def.type;
  if (!procedure) return undefined;
  let raw: string | undefined;
  if (req.method === 'GET' && type === 'query') raw = query.input || undefined;
  else if (req.method === 'POST' && type === 'mutation') {
    if (typeof req.body !== 'string' || !req.headers['content-type']?.startsWith('application/json'))
      return undefined;
    raw = req.body;
  } else return undefined;
  if (raw === undefined) return { path, procedure, type, input: undefined };
  const parsed = parseJson(raw);
  if (!parsed.ok) return undefined;
  const input = router._def._config.transformer.input.deserialize(parsed.value);
  return { path, procedure, type, input };
}

/**
 * Runs one call as `resolveResponse` does (context, procedure, error shape, status, envelope),
 * without building a fetch `Request` and `Response` around it: the adapter's conversions cost
 * several times what the procedure does on a small read.
 */
async function answerSingleCall(
  call: SingleCall,
  req: FastifyRequest,
  reply: FastifyReply,
  options: TrpcOptions,
): Promise<void> {
  const router = options.router;
  const config = router._def._config;
  const abort = new AbortController();
  // 'close' comes after every response; only a connection that closed before the answer is an
  // abort (an abort builds a DOMException with its stack, which costs more than a small call).
  let answered = false;
  reply.raw.once('close', () => {
    if (!answered) abort.abort();
  });
  const info: TRPCRequestInfo = {
    accept: null,
    type: call.type,
    isBatchCall: false,
    calls: [
      {
        path: call.path,
        procedure: call.procedure,
        batchIndex: 0,
        getRawInput: async () => call.input,
        result: () => call.input,
      },
    ],
    connectionParams: null,
    signal: abort.signal,
    url: null,
  };
  let ctx: Context | undefined;
  let body: unknown;
  try {
    ctx = (await options.createContext?.({
      req,
      res: reply,
      info,
    } as CreateFastifyContextOptions)) as Context;
    const data: unknown = await runProcedure(call.procedure, {
      path: call.path,
      getRawInput: async () => call.input,
      ctx,
      type: call.type,
      signal: abort.signal,
      batchIndex: 0,
    });
    body = { result: { data } };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    options.onError?.({ error, path: call.path, input: call.input, ctx, type: call.type, req });
    body = {
      error: getErrorShape({ config, error, type: call.type, path: call.path, input: call.input, ctx }),
    };
  }
  const status = getHTTPStatusCode(body as Parameters<typeof getHTTPStatusCode>[0]);
  const text = JSON.stringify(
    transformTRPCResponse(config, body as Parameters<typeof transformTRPCResponse>[1]),
  );
  answered = true;
  // As text: Node writes a string to the socket without a Buffer copy of a large page first.
  // Fastify names the charset (`application/json; charset=utf-8`), which tRPC's adapter leaves out.
  await reply
    .code(status)
    .header('vary', 'trpc-accept, accept')
    .header('content-type', 'application/json')
    .send(text);
}

/**
 * tRPC over HTTP at `<prefix>/:path`: plain calls on the fast path above, everything else through
 * tRPC's Fastify adapter. Registered in its own context, as the adapter's plugin is, because it
 * takes JSON bodies as text (tRPC parses them).
 */
export async function registerTrpcHttp(
  server: FastifyInstance,
  prefix: string,
  options: TrpcOptions,
): Promise<void> {
  await server.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    scope.removeContentTypeParser('multipart/form-data');
    scope.addContentTypeParser('multipart/form-data', {}, (_req, body, done) => done(null, body));
    scope.all(`${prefix}/:path`, async (req, reply) => {
      const call = await singleCall(req, options.router);
      if (call) return answerSingleCall(call, req, reply, options);
      const path = (req.params as { path: string }).path;
      await fastifyRequestHandler({ ...options, req, res: reply, path });
    });
  });
}
