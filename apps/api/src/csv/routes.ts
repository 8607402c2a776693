import { Readable } from 'node:stream';
import { can, IMPORT_ACTION, isExportKind, isImportKind } from '@itam/domain';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokenFrom } from '../auth/tokens.ts';
import { createContextInner, type Services } from '../context.ts';
import { AppError, fail, reasonOf, toTRPCError } from '../errors.ts';
import { exportCsv, parseExportQuery } from './export.ts';
import { importCsv } from './import.ts';

/**
 * CSV over plain HTTP, beside tRPC: `GET /export/<kind>.csv?<filters>` streams a table, and
 * `POST /import/<kind>.csv?mode=dry-run|apply` (body `text/csv`) imports one. Both authenticate like
 * tRPC (the session cookie or `Authorization: Bearer`) and answer errors as
 * `{ error: { message, reason, details, issues } }` with the status tRPC would use.
 */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

async function sendError(reply: FastifyReply, error: unknown, services: Services) {
  const mapped = toTRPCError(error);
  const status = getHTTPStatusCodeFromError(mapped);
  if (status >= 500 && reasonOf(mapped) !== 'UNAVAILABLE')
    services.log.error({ err: error }, 'CSV route failed');
  const cause = mapped.cause;
  const issues = (cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  return reply.code(status).send({
    error: {
      message: status >= 500 && reasonOf(mapped) !== 'UNAVAILABLE' ? 'Internal error' : mapped.message,
      reason: reasonOf(mapped) ?? null,
      details: cause instanceof AppError ? (cause.details ?? null) : null,
      issues: issues?.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) ?? null,
    },
  });
}

/** The signed-in user behind the request, or a thrown refusal (as tRPC's `authedProcedure` says it). */
async function actorOf(req: FastifyRequest, services: Services) {
  const token = tokenFrom({ authorization: req.headers.authorization, cookieHeader: req.headers.cookie });
  const ctx = await createContextInner({ services, token });
  if (ctx.session) return ctx.session.user;
  if (ctx.authProblem === 'expired')
    throw fail('SESSION_EXPIRED', 'Your session has expired; sign in again.');
  if (ctx.authProblem === 'disabled') throw fail('ACCOUNT_DISABLED', 'This account is disabled.');
  throw fail('UNAUTHENTICATED', 'Sign in first.');
}

function kindOf(file: string): string {
  return file.endsWith('.csv') ? file.slice(0, -4) : '';
}

export async function registerCsvRoutes(server: FastifyInstance, services: Services): Promise<void> {
  await server.register(async (scope) => {
    scope.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );

    scope.get<{ Params: { file: string }; Querystring: Record<string, string | string[]> }>(
      '/export/:file',
      async (req, reply) => {
        try {
          const kind = kindOf(req.params.file);
          if (!isExportKind(kind)) throw fail('NOT_FOUND', 'No such export.');
          const actor = await actorOf(req, services);
          const filter = parseExportQuery(kind, req.query);
          const rows = exportCsv(services.database.db, actor, kind, filter);
          // The header and the first page are read before answering, so a refusal or a query the
          // database rejects is still an error response rather than a cut-off file.
          const head: string[] = [];
          for (let i = 0; i < 2; i++) {
            const next = await rows.next();
            if (!next.done) head.push(next.value);
          }
          const stamp = new Date().toISOString().slice(0, 10);
          async function* body() {
            yield* head;
            yield* rows;
          }
          const stream = Readable.from(body());
          stream.on('error', (error) => services.log.warn({ err: error, kind }, 'export stopped'));
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${kind}-${stamp}.csv"`)
            .header('cache-control', 'no-store')
            .send(stream);
        } catch (error) {
          return sendError(reply, error, services);
        }
      },
    );

    scope.post<{ Params: { file: string }; Querystring: { mode?: string } }>(
      '/import/:file',
      { bodyLimit: IMPORT_BODY_LIMIT },
      async (req, reply) => {
        try {
          const kind = kindOf(req.params.file);
          if (!isImportKind(kind)) throw fail('NOT_FOUND', 'No such import.');
          const actor = await actorOf(req, services);
          if (!can(actor, IMPORT_ACTION[kind]))
            throw fail('FORBIDDEN', 'You do not have permission to import that.', {
              action: IMPORT_ACTION[kind],
            });
          const mode = req.query.mode ?? 'dry-run';
          if (mode !== 'dry-run' && mode !== 'apply')
            throw fail('VALIDATION_FAILED', 'mode is dry-run (the default) or apply.');
          // Only `text/csv`: a cross-site HTML form cannot send it, so a cookie alone cannot import.
          if (typeof req.body !== 'string' || !req.headers['content-type']?.startsWith('text/csv'))
            throw fail('VALIDATION_FAILED', 'Send the file as the request body with Content-Type: text/csv.');
          const report = await importCsv(
            { db: services.database.db, keyring: services.keyring, actor },
            kind,
            req.body,
            { dryRun: mode === 'dry-run' },
          );
          if (report.created > 0) services.hub.ring();
          if (mode === 'apply' && report.problems.length > 0) {
            throw fail('IMPORT_REJECTED', `${report.problems.length} problems; nothing was imported.`, {
              report,
            });
          }
          return reply.send(report);
        } catch (error) {
          return sendError(reply, error, services);
        }
      },
    );
  });
}
