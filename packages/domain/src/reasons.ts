/**
 * Every expected failure has a stable, machine-readable reason. Clients branch on these strings,
 * so they never change meaning. Each reason belongs to one category, which the API maps to a
 * transport code in exactly one place.
 */
export const REASON_CATEGORY = {
  VALIDATION_FAILED: 'bad_request',
  INVALID_TRANSITION: 'bad_request',
  CHECK_OUT_REQUIRED: 'bad_request',
  CHECK_IN_REQUIRED: 'bad_request',
  INVALID_CURSOR: 'bad_request',
  WEAK_PASSWORD: 'bad_request',
  INVALID_CSV: 'bad_request',
  UNKNOWN_COLUMN: 'bad_request',
  MISSING_COLUMN: 'bad_request',
  IMPORT_REJECTED: 'bad_request',
  INVALID_WEBHOOK_URL: 'bad_request',
  UNAUTHENTICATED: 'unauthorized',
  INVALID_CREDENTIALS: 'unauthorized',
  SESSION_EXPIRED: 'unauthorized',
  TOKEN_EXPIRED: 'unauthorized',
  TOKEN_REVOKED: 'unauthorized',
  ACCOUNT_DISABLED: 'forbidden',
  FORBIDDEN: 'forbidden',
  CANNOT_CHANGE_SELF: 'forbidden',
  READ_ONLY: 'forbidden',
  NOT_FOUND: 'not_found',
  USERNAME_TAKEN: 'conflict',
  EMAIL_TAKEN: 'conflict',
  ASSET_TAG_TAKEN: 'conflict',
  ALREADY_ASSIGNED: 'conflict',
  NOT_ASSIGNABLE: 'conflict',
  NOT_CHECKED_OUT: 'conflict',
  USER_DISABLED: 'conflict',
  INVALID_MAINTENANCE_STATE: 'conflict',
  LICENSE_EXPIRED: 'conflict',
  SEAT_ALREADY_ASSIGNED: 'conflict',
  SEATS_EXHAUSTED: 'conflict',
  SEATS_BELOW_USED: 'conflict',
  NOT_REMOVABLE: 'conflict',
  LAST_ADMIN: 'conflict',
  STALE_STATE: 'conflict',
  DUPLICATE_IN_FILE: 'conflict',
  LICENSE_EXISTS: 'conflict',
  IDEMPOTENCY_KEY_REUSED: 'conflict',
  RATE_LIMITED: 'too_many_requests',
  UNAVAILABLE: 'unavailable',
} as const satisfies Record<string, ReasonCategory>;

export type ReasonCategory =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'unavailable';

export type Reason = keyof typeof REASON_CATEGORY;

export const REASONS = Object.keys(REASON_CATEGORY) as Reason[];

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && Object.hasOwn(REASON_CATEGORY, value);
}
