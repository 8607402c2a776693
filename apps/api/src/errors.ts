import { constraintOf, InvalidCursorError, isConnectionError, isUniqueViolation, sqlState } from '@itam/db';
import { REASON_CATEGORY, type Reason, type ReasonCategory, type Refusal } from '@itam/domain';
import { TRPCError } from '@trpc/server';

/**
 * The one place where failures become transport errors. Domain reasons map to tRPC codes by
 * their category; known database errors map to reasons; anything else is a bug and stays a 500
 * (without its stack in production).
 */
const CODE_OF_CATEGORY = {
  bad_request: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  too_many_requests: 'TOO_MANY_REQUESTS',
  unavailable: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<ReasonCategory, TRPCError['code']>;

/** A domain refusal carried through tRPC as the error's cause. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly reason: Reason,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function fail(reason: Reason, message: string, details?: Record<string, unknown>): TRPCError {
  const cause = new AppError(reason, message, details);
  return new TRPCError({ code: CODE_OF_CATEGORY[REASON_CATEGORY[reason]], message, cause });
}

export function refused(refusal: Refusal): TRPCError {
  return fail(refusal.reason, refusal.message, refusal.details);
}

const UNIQUE_REASONS: Record<string, [Reason, string]> = {
  users_username_key: ['USERNAME_TAKEN', 'That username is taken.'],
  users_email_key: ['EMAIL_TAKEN', 'An account with that email exists.'],
  assets_tag_key: ['ASSET_TAG_TAKEN', 'Another asset has that tag.'],
  assignments_one_open_per_asset: ['ALREADY_ASSIGNED', 'The asset is already checked out.'],
};

/**
 * Data exceptions (SQLSTATE class 22) that only a value sent by the client can cause, though the
 * schemas let it through: a NUL character in text (22021) or in JSON (22P05), a date PostgreSQL
 * does not have such as the year 0 (22007, 22008), a number beyond its column (22003), text that
 * is not the column's type (22P02) or too long for it (22001).
 */
const INPUT_DATA_EXCEPTIONS = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05']);

/** Converts anything thrown inside a procedure into a TRPCError with a reason where one is known. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof AppError) return fail(error.reason, error.message, error.details);
  if (error instanceof InvalidCursorError) return fail('INVALID_CURSOR', error.message);
  if (isUniqueViolation(error)) {
    const known = UNIQUE_REASONS[constraintOf(error) ?? ''];
    if (known) return fail(known[0], known[1]);
  }
  if (INPUT_DATA_EXCEPTIONS.has(sqlState(error) ?? '')) {
    return fail(
      'VALIDATION_FAILED',
      'The request holds a value the database cannot accept (a NUL character, or a date or number out of range).',
    );
  }
  if (isConnectionError(error)) {
    return fail('UNAVAILABLE', 'The database is unavailable; try again shortly.');
  }
  if (sqlState(error) === '40001' || sqlState(error) === '40P01') {
    return fail('STALE_STATE', 'The record changed at the same moment; try again.');
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error', cause: error });
}

export function reasonOf(error: TRPCError): Reason | undefined {
  if (error.cause instanceof AppError) return error.cause.reason;
  if (error.code === 'BAD_REQUEST') return 'VALIDATION_FAILED';
  if (error.code === 'UNAUTHORIZED') return 'UNAUTHENTICATED';
  if (error.code === 'FORBIDDEN') return 'FORBIDDEN';
  if (error.code === 'NOT_FOUND') return 'NOT_FOUND';
  return undefined;
}
