/**
 * `runProcedure` answers exactly what calling the procedure itself answers: the same data, the
 * same context and input reaching each middleware and the resolver, the same error.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { AnyProcedure } from '@trpc/server/unstable-core-do-not-import';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runProcedure } from '../src/procedure-run.ts';

interface Ctx {
  user: string | null;
}
const t = initTRPC.context<Ctx>().meta<{ tag: string }>().create();

const seen: unknown[] = [];
const authed = t.procedure.meta({ tag: 'authed' }).use(async ({ ctx, meta, next, path, type }) => {
  seen.push({ at: 'gate', ctx, meta, path, type });
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  return next({ ctx: { upper: ctx.user.toUpperCase() } });
});

const router = t.router({
  echo: authed
    .input(z.strictObject({ n: z.number().int() }))
    .use(async ({ input, ctx, next }) => {
      seen.push({ at: 'after input', input, ctx });
      return next();
    })
    .output(z.object({ n: z.number(), by: z.string() }))
    .query(({ input, ctx }) => ({ n: input.n * 2, by: ctx.upper, dropped: 'x' })),
  rewrite: authed
    .use(async ({ next }) => next({ getRawInput: async () => ({ n: 41 }) }))
    .input(z.object({ n: z.number() }))
    .mutation(({ input }) => input.n + 1),
  badOutput: authed.output(z.object({ n: z.number() })).query(() => ({ n: 'not a number' }) as never),
  failedResult: authed
    .use(async ({ next }) => {
      const result = await next();
      seen.push({ at: 'after resolver', ok: result.ok });
      return result;
    })
    .query(() => {
      throw new TRPCError({ code: 'CONFLICT', message: 'Taken.' });
    }),
  crash: authed.query(() => {
    throw new Error('boom');
  }),
});

type Outcome =
  | { data: unknown; seen: unknown[] }
  | { error: { code: string; message: string }; seen: unknown[] };

async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  seen.length = 0;
  try {
    const data = await call();
    return { data, seen: [...seen] };
  } catch (error) {
    const e = error as TRPCError;
    return { error: { code: e.code, message: e.message }, seen: [...seen] };
  }
}

const cases: [path: keyof typeof router._def.procedures, user: string | null, input: unknown][] = [
  ['echo', 'dana', { n: 21 }],
  ['echo', null, { n: 21 }],
  ['echo', 'dana', { n: 1.5 }],
  ['echo', 'dana', { n: 1, extra: true }],
  ['rewrite', 'dana', { n: 1 }],
  ['badOutput', 'dana', undefined],
  ['failedResult', 'dana', undefined],
  ['crash', 'dana', undefined],
];

describe('runProcedure', () => {
  it.each(cases)('%s as %s with %j answers as tRPC’s own caller', async (path, user, input) => {
    const procedure = router._def.procedures[path] as AnyProcedure;
    const options = () => ({
      path,
      type: procedure._def.type,
      ctx: { user },
      getRawInput: async () => input,
      signal: undefined,
      batchIndex: 0,
    });
    const ours = await outcome(() => runProcedure(procedure, options()));
    const theirs = await outcome(() => procedure(options()));
    expect(ours).toEqual(theirs);
    expect(ours.seen.length).toBeGreaterThan(0);
  });

  it('strips what the output schema strips and merges the gate’s context', async () => {
    const procedure = router._def.procedures.echo as AnyProcedure;
    const data = await runProcedure(procedure, {
      path: 'echo',
      type: 'query',
      ctx: { user: 'dana' },
      getRawInput: async () => ({ n: 21 }),
      signal: undefined,
      batchIndex: 0,
    });
    expect(data).toEqual({ n: 42, by: 'DANA' });
    expect(seen.at(-1)).toEqual({
      at: 'after input',
      input: { n: 21 },
      ctx: { user: 'dana', upper: 'DANA' },
    });
  });
});
