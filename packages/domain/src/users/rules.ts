import { allow, refuse, type Verdict } from '../result.ts';

/** A person signs in; a service account is the account of one API token and acts only through it. */
export const USER_KINDS = ['person', 'service'] as const;
export type UserKind = (typeof USER_KINDS)[number];

/**
 * May an admin change this account's role or enabled state (`users.setRole`, `users.disable`)?
 * Only a person's. A service account's role is its token's, fixed when the token is created, and it
 * ends when the token is revoked: letting `users.setRole` touch it would turn a read-only token into
 * an admin one. Refused with its own reason rather than NOT_FOUND, so that the admin who found the
 * id (it appears as the actor of the token's audit events) learns what to do instead.
 */
export function decideAccountChange(account: { kind: UserKind }): Verdict {
  if (account.kind === 'service') {
    return refuse(
      'SERVICE_ACCOUNT',
      "This is an API token's service account: its role is the token's, and revoking the token ends it.",
    );
  }
  return allow();
}
