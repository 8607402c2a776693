import { errorMessage, fieldErrorsOf, reasonOf } from '../api/errors.ts';
import type { AssetField } from './assetForm.ts';

/** A refused save: the message for the top of the form, and any field it belongs beside. */
export function assetSaveError(error: unknown): {
  formError: string;
  fieldErrors: Partial<Record<AssetField, string>>;
} {
  const message = errorMessage(error);
  if (reasonOf(error) === 'ASSET_TAG_TAKEN') return { formError: message, fieldErrors: { tag: message } };
  return { formError: message, fieldErrors: fieldErrorsOf(error) as Partial<Record<AssetField, string>> };
}
