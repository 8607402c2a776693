import { type Action, can, refusalReasonOf } from '@itam/domain';
import { initTRPC, type TRPCError } from '@trpc/server';
import type { Context, Session } from './context.ts';
import { AppError, fail, reasonOf, toTRPCError } from './errors.ts';
import { transactFor } from './idempotency.ts';

/** Who may call a procedure: anyone, any signed-in user, or holders of a permission. */
export interface Meta {
  access: 'public' | 'authenticated' | Action;
}

interface Issue {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
}

function issuesOf(cause: unknown): { path: string; message: string }[] | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  return (issues as Issue[]).map((issue) => ({
    path: (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.'),
    message: issue.message,
  }));
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      const issues = issuesOf(error.cause);
      const first = issues?.[0];
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      const message = first
        ? first.path
          ? `${first.path}: ${first.message}`
          : first.message
        : shape.message;
      return {
        message: internal && process.env.NODE_ENV === 'production' ? 'Internal error' : message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          reason: reasonOf(error) ?? null,
          details: error.cause instanceof AppError ? (error.cause.details ?? null) : null,
          issues: issues ?? null,
          ...(process.env.NODE_ENV !== 'production' && shape.data.stack ? { stack: shape.data.stack } : {}),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure converts what it throws through `toTRPCError`, the one mapping. Each gate below
 * is a single middleware that checks the caller and maps the outcome (each middleware level costs
 * tRPC a copy of the options and the context on every call).
 */
function mapErrors<R extends { ok: true } | { ok: false; error: TRPCError }>(result: R): R {
  if (!result.ok) {
    const error = result.error;
    throw error.code === 'INTERNAL_SERVER_ERROR' ? toTRPCError(error.cause ?? error) : error;
  }
  return result;
}

/** The caller's session, or the reason there is none. */
function sessionOf(ctx: Context): Session {
  if (ctx.session) return ctx.session;
  if (ctx.authProblem === 'expired')
    throw fail('SESSION_EXPIRED', 'Your session has expired; sign in again.');
  if (ctx.authProblem === 'disabled') throw fail('ACCOUNT_DISABLED', 'This account is disabled.');
  if (ctx.authProblem === 'token_expired') throw fail('TOKEN_EXPIRED', 'This API token has expired.');
  if (ctx.authProblem === 'token_revoked') throw fail('TOKEN_REVOKED', 'This API token has been revoked.');
  throw fail('UNAUTHENTICATED', 'Sign in first.');
}

export const publicProcedure = t.procedure
  .meta({ access: 'public' })
  .use(async ({ next }) => mapErrors(await next()));

export const authedProcedure = t.procedure.meta({ access: 'authenticated' }).use(async ({ ctx, next }) => {
  const session = sessionOf(ctx);
  return mapErrors(await next({ ctx: { session, actor: session.user } }));
});

/** A procedure for holders of `action` (any scope but `none`); record-level scope is the handler's job. */
export function allowedTo(action: Action) {
  return t.procedure.meta({ access: action }).use(async ({ ctx, next, path }) => {
    const session = sessionOf(ctx);
    const actor = session.user;
    if (!can(actor, action)) {
      if (refusalReasonOf(actor, action) === 'READ_ONLY')
        throw fail('READ_ONLY', 'This account (or token) is read-only: it changes nothing.', { action });
      throw fail('FORBIDDEN', 'You do not have permission to do that.', { action });
    }
    // Mutations run their transaction through `ctx.transact`, which honours idempotency keys.
    const transact = transactFor(ctx.db, ctx.services.keyring.digests, actor.id, path);
    return mapErrors(await next({ ctx: { session, actor, transact } }));
  });
}
