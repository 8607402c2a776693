import { appendEvent, insertApiToken, listApiTokens, lockApiTokenForUpdate, revokeApiToken } from '@itam/db';
import { ApiToken, CreatedToken, CreateTokenInput, decideTokenExpiry, RevokeTokenInput } from '@itam/domain';
import { z } from 'zod';
import { hashToken, newApiToken } from '../auth/tokens.ts';
import { fail, refused } from '../errors.ts';
import { allowedTo, router } from '../trpc.ts';

/**
 * API tokens for other services: admins create one per service with a role and an optional
 * expiry (the secret is in the answer, this once), list them, and revoke them.
 */
export const tokensRouter = router({
  create: allowedTo('token.manage')
    .input(CreateTokenInput)
    .output(CreatedToken)
    .mutation(async ({ ctx, input }) => {
      const expiry = decideTokenExpiry(input.expiresAt, new Date());
      if (!expiry.ok) throw refused(expiry);
      const token = newApiToken();
      const apiToken = await ctx.db.transaction().execute(async (trx) => {
        const created = await insertApiToken(trx, {
          name: input.name,
          role: input.role,
          tokenHash: hashToken(token),
          expiresAt: expiry.value,
          createdBy: ctx.actor.id,
        });
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'user',
          entityId: created.account.id,
          action: 'token_created',
          // Never the secret or its hash: what the token is, not what it is made of.
          after: {
            tokenId: created.apiToken.id,
            name: input.name,
            role: input.role,
            expiresAt: expiry.value,
          },
        });
        return created.apiToken;
      });
      ctx.services.hub.ring();
      return { token, apiToken };
    }),

  list: allowedTo('token.manage')
    .output(z.array(ApiToken))
    .query(({ ctx }) => listApiTokens(ctx.db)),

  /** Effective at once: the next request with it is refused, and its open subscriptions end. */
  revoke: allowedTo('token.manage')
    .input(RevokeTokenInput)
    .output(ApiToken)
    .mutation(async ({ ctx, input }) => {
      const apiToken = await ctx.db.transaction().execute(async (trx) => {
        const before = await lockApiTokenForUpdate(trx, input.id);
        if (!before) throw fail('NOT_FOUND', 'No such API token.');
        if (before.revokedAt !== null) return before;
        const after = await revokeApiToken(trx, input.id, ctx.actor.id);
        await appendEvent(trx, {
          actor: ctx.actor,
          entity: 'user',
          entityId: after.accountId,
          action: 'token_revoked',
          before: { tokenId: before.id, name: before.name, status: before.status },
          after: { tokenId: after.id, name: after.name, status: after.status },
        });
        return after;
      });
      ctx.services.hub.ring();
      // This instance ends the token's subscriptions now; other instances on their next check.
      void ctx.services.hub.checkSessions();
      return apiToken;
    }),
});
