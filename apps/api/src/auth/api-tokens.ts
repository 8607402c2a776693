import {
  appendEvent,
  type DB,
  insertApiToken,
  type Kysely,
  lockApiTokenForUpdate,
  revokeApiToken,
} from '@itam/db';
import { type ApiToken, type CreateTokenInput, decideTokenExpiry, type TokenRole } from '@itam/domain';
import { fail, refused } from '../errors.ts';
import { hashToken, newApiToken } from './tokens.ts';

/**
 * The API token use cases, shared by the `tokens` router (an admin acts) and the command-line
 * tool (the operator acts: no actor). The caller rings the event hub after a change.
 */
type Actor = { id: string; username: string } | null;

export async function createApiToken(
  db: Kysely<DB>,
  actor: Actor,
  input: { name: string; role: TokenRole; expiresAt?: CreateTokenInput['expiresAt'] },
  now = new Date(),
): Promise<{ token: string; apiToken: ApiToken }> {
  const expiry = decideTokenExpiry(input.expiresAt, now);
  if (!expiry.ok) throw refused(expiry);
  const token = newApiToken();
  const apiToken = await db.transaction().execute(async (trx) => {
    const created = await insertApiToken(trx, {
      name: input.name,
      role: input.role,
      tokenHash: hashToken(token),
      expiresAt: expiry.value,
      createdBy: actor?.id ?? null,
    });
    await appendEvent(trx, {
      actor,
      entity: 'user',
      entityId: created.account.id,
      action: 'token_created',
      // Never the secret or its hash: what the token is, not what it is made of.
      after: { tokenId: created.apiToken.id, name: input.name, role: input.role, expiresAt: expiry.value },
    });
    return created.apiToken;
  });
  return { token, apiToken };
}

/** Revoking twice is harmless: the second time changes nothing and writes no event. */
export async function revokeApiTokenById(db: Kysely<DB>, actor: Actor, id: string): Promise<ApiToken> {
  return db.transaction().execute(async (trx) => {
    const before = await lockApiTokenForUpdate(trx, id);
    if (!before) throw fail('NOT_FOUND', 'No such API token.');
    if (before.revokedAt !== null) return before;
    const after = await revokeApiToken(trx, id, actor?.id ?? null);
    await appendEvent(trx, {
      actor,
      entity: 'user',
      entityId: after.accountId,
      action: 'token_revoked',
      before: { tokenId: before.id, name: before.name, status: before.status },
      after: { tokenId: after.id, name: after.name, status: after.status },
    });
    return after;
  });
}
