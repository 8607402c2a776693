import { isReason, type Reason } from '@itam/domain';
import { reasonMessage } from './reasonMessages.ts';

/**
 * How the dashboard reads a failed call: each reason in plain words (`reasonMessages.ts`, from the
 * refusal's details), words for failures that never reached the server, and "signed out" apart.
 */
interface ErrorLike {
  message?: unknown;
  data?: {
    reason?: Reason | null;
    code?: string;
    details?: Record<string, unknown> | null;
    issues?: readonly { path: string; message: string }[] | null;
  } | null;
}

const asErrorLike = (error: unknown): ErrorLike =>
  typeof error === 'object' && error !== null ? (error as ErrorLike) : {};

export function reasonOf(error: unknown): Reason | null {
  return asErrorLike(error).data?.reason ?? null;
}

/** Failures that mean the session is gone: show the sign-in page instead of an error. */
export function isSignedOut(error: unknown): boolean {
  const reason = reasonOf(error);
  return reason === 'UNAUTHENTICATED' || reason === 'SESSION_EXPIRED' || reason === 'ACCOUNT_DISABLED';
}

export function isNotFound(error: unknown): boolean {
  const { data } = asErrorLike(error);
  return data?.reason === 'NOT_FOUND' || data?.code === 'NOT_FOUND';
}

/** One sentence for a person. */
export function errorMessage(error: unknown): string {
  if (error === null || error === undefined) return '';
  const { data, message } = asErrorLike(error);
  if (!data) {
    // No tRPC error shape: the request never got an answer from the API.
    return 'Cannot reach the server. Check your connection and try again.';
  }
  const said = typeof message === 'string' ? message.trim() : '';
  // A bulk refusal's message counts the refused items, which are listed one by one beside it.
  const bulk = Array.isArray(data.details?.refusals);
  if (isReason(data.reason) && !bulk) return reasonMessage(data.reason, data.details, said);
  return said || 'Something went wrong. Try again.';
}

/** The server's validation issues by field name (the last segment of each issue's path). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of asErrorLike(error).data?.issues ?? []) {
    const field = issue.path.split('.').pop();
    if (field && !(field in out)) out[field] = issue.message;
  }
  return out;
}

/** One item of a refused bulk operation: which asset or person, and why, in the server's words. */
export interface ItemRefusal {
  id: string;
  reason: string;
  message: string;
}

/**
 * The per-item reasons of a refused bulk operation (`data.details.refusals`), keyed by the item's
 * id (`assetId` or `userId`). Empty when the error is not a bulk refusal.
 */
export function refusalsOf(error: unknown): ItemRefusal[] {
  const details = (asErrorLike(error).data as { details?: unknown } | null | undefined)?.details;
  const refusals = (details as { refusals?: unknown } | null | undefined)?.refusals;
  if (!Array.isArray(refusals)) return [];
  return refusals.flatMap((r: unknown) => {
    if (typeof r !== 'object' || r === null) return [];
    const { assetId, userId, reason, message } = r as Record<string, unknown>;
    const id = typeof assetId === 'string' ? assetId : typeof userId === 'string' ? userId : null;
    if (!id || typeof message !== 'string') return [];
    return [{ id, reason: typeof reason === 'string' ? reason : '', message }];
  });
}
