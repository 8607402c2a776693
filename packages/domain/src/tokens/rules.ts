import { allow, refuse, type Verdict } from '../result.ts';

/** Revoked wins over expired: a revoked token stays revoked whatever its expiry. */
export function tokenStatus(
  token: { expiresAt: string | null; revokedAt: string | null },
  now: Date,
): 'active' | 'expired' | 'revoked' {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && new Date(token.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** An expiry, if given, lies in the future. */
export function decideTokenExpiry(expiresAt: string | null | undefined, now: Date): Verdict<string | null> {
  if (expiresAt == null) return allow(null);
  if (new Date(expiresAt).getTime() <= now.getTime()) {
    return refuse('VALIDATION_FAILED', 'The expiry must lie in the future.', { field: 'expiresAt' });
  }
  return allow(new Date(expiresAt).toISOString());
}
