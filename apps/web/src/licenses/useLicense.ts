import { Id } from '@itam/domain';
import { skipToken } from '@tanstack/react-query';
import { errorMessage, fieldErrorsOf, reasonOf } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import type { LicenseErrors } from './licenseForm.ts';

/** Loads a license and its seats by the id in the URL; a malformed id is "not found" at once. */
export function useLicense(id: string | undefined) {
  const valid = id !== undefined && Id.safeParse(id).success;
  const query = trpc.licenses.get.useQuery(valid ? { id } : skipToken, { retry: false });
  return { query, valid };
}

/** A refused save: the message for the top of the form, and any field it belongs beside. */
export function licenseSaveError(error: unknown): { formError: string; fieldErrors: LicenseErrors } {
  const message = errorMessage(error);
  if (reasonOf(error) === 'SEATS_BELOW_USED') return { formError: message, fieldErrors: { seats: message } };
  return { formError: message, fieldErrors: fieldErrorsOf(error) as LicenseErrors };
}
