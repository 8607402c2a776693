import {
  appendEvent,
  countUsers,
  deleteSession,
  findCredentialsByLogin,
  insertSession,
  insertUser,
  lockSignUps,
} from '@itam/db';
import { LoginInput, type Role, SignUpInput, User } from '@itam/domain';
import { z } from 'zod';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { hashToken, newSessionToken } from '../auth/tokens.ts';
import type { Context } from '../context.ts';
import { fail } from '../errors.ts';
import { sync } from '../parse.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

const SessionOutput = z.object({ token: z.string(), user: User, expiresAt: z.string() });

async function openSession(ctx: Context, user: User) {
  const token = newSessionToken();
  const ttlMs = ctx.services.config.SESSION_TTL_HOURS * 3_600_000;
  const session = await insertSession(ctx.db, {
    userId: user.id,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + ttlMs),
  });
  ctx.cookies?.setSession(token, session.expiresAt);
  return { token, user, expiresAt: session.expiresAt.toISOString() };
}

export const authRouter = router({
  /** The first account on an empty database becomes admin; every later one, employee. */
  signUp: publicProcedure
    .input(sync(SignUpInput))
    .output(sync(SessionOutput))
    .mutation(async ({ ctx, input }) => {
      const passwordHash = await hashPassword(input.password);
      const user = await ctx.db.transaction().execute(async (trx) => {
        await lockSignUps(trx);
        const role: Role = (await countUsers(trx)) === 0 ? 'admin' : 'employee';
        const created = await insertUser(trx, {
          username: input.username,
          email: input.email,
          passwordHash,
          role,
        });
        await appendEvent(trx, {
          actor: created,
          entity: 'user',
          entityId: created.id,
          action: 'signed_up',
          after: created,
          audience: [created.id],
        });
        return created;
      });
      ctx.services.hub.ring();
      return openSession(ctx, user);
    }),

  /** `username` also accepts the email. */
  login: publicProcedure
    .input(sync(LoginInput))
    .output(sync(SessionOutput))
    .mutation(async ({ ctx, input }) => {
      const found = await findCredentialsByLogin(ctx.db, input.username);
      const valid = await verifyPassword(found?.passwordHash ?? (await decoyHash()), input.password);
      if (!found || !valid) throw fail('INVALID_CREDENTIALS', 'Wrong username or password.');
      if (found.user.disabled) throw fail('ACCOUNT_DISABLED', 'This account is disabled.');
      return openSession(ctx, found.user);
    }),

  logout: authedProcedure.output(sync(z.object({ ok: z.literal(true) }))).mutation(async ({ ctx }) => {
    await deleteSession(ctx.db, ctx.session.tokenHash);
    ctx.cookies?.clearSession();
    return { ok: true as const };
  }),

  me: authedProcedure.output(sync(User)).query(({ ctx }) => ctx.actor),
});
