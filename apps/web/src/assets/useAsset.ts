import { Id } from '@itam/domain';
import { skipToken } from '@tanstack/react-query';
import { trpc } from '../api/trpc.ts';

/** Loads an asset by the id in the URL; a malformed id is "not found" without asking the server. */
export function useAsset(id: string | undefined) {
  const valid = id !== undefined && Id.safeParse(id).success;
  const query = trpc.assets.get.useQuery(valid ? { id } : skipToken, { retry: false });
  return { query, valid };
}
