import { listApiTokens } from '@itam/db';
import { ApiToken, CreatedToken, CreateTokenInput, RevokeTokenInput } from '@itam/domain';
import { z } from 'zod';
import { createApiToken, revokeApiTokenById } from '../auth/api-tokens.ts';
import { sync } from '../parse.ts';
import { allowedTo, router } from '../trpc.ts';

/**
 * API tokens for other services: admins create one per service with a role and an optional
 * expiry (the secret is in the answer, this once), list them, and revoke them.
 */
export const tokensRouter = router({
  create: allowedTo('token.manage')
    .input(sync(CreateTokenInput))
    .output(sync(CreatedToken))
    .mutation(async ({ ctx, input }) => {
      const created = await createApiToken(ctx.db, ctx.actor, input);
      ctx.services.hub.ring();
      return created;
    }),

  list: allowedTo('token.manage')
    .output(sync(z.array(ApiToken)))
    .query(({ ctx }) => listApiTokens(ctx.db)),

  /** Effective at once: the next request with it is refused, and its open subscriptions end. */
  revoke: allowedTo('token.manage')
    .input(sync(RevokeTokenInput))
    .output(sync(ApiToken))
    .mutation(async ({ ctx, input }) => {
      const apiToken = await revokeApiTokenById(ctx.db, ctx.actor, input.id);
      ctx.services.hub.ring();
      // This instance ends the token's subscriptions now; other instances on their next check.
      void ctx.services.hub.checkSessions();
      return apiToken;
    }),
});
