import { z } from 'zod';
import { Id, IsoDateTime } from '../common.ts';
import type { Role } from '../permissions.ts';
import { Username } from '../users/schemas.ts';

/** The roles an API token can carry: programs read, or run the inventory; never admin. */
export const TOKEN_ROLES = ['read-only', 'manager'] as const satisfies readonly Role[];
export type TokenRole = (typeof TOKEN_ROLES)[number];
export const TokenRoleSchema = z.enum(TOKEN_ROLES);

/** Every API token starts with this, so a request's token says which table to look in. */
export const API_TOKEN_PREFIX = 'itam_';

export const TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

export const CreateTokenInput = z.strictObject({
  /** The service the token is for; also the name its actions carry in the audit trail. */
  name: Username,
  role: TokenRoleSchema,
  /** Optional; a moment in the future. Without it the token lasts until revoked. */
  expiresAt: IsoDateTime.nullish(),
});
export type CreateTokenInput = z.input<typeof CreateTokenInput>;

export const RevokeTokenInput = z.strictObject({ id: Id });

/** A token as admins see it: never the secret, never its hash. */
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  role: TokenRoleSchema,
  /** The service account its actions are attributed to (the audit trail's actor). */
  accountId: Id,
  createdAt: IsoDateTime,
  createdBy: z.object({ id: Id, username: z.string() }).nullable(),
  lastUsedAt: IsoDateTime.nullable(),
  expiresAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
  status: z.enum(TOKEN_STATUSES),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** The answer to `tokens.create`: the secret, shown this once. */
export const CreatedToken = z.object({ token: z.string(), apiToken: ApiToken });
