import { keepPreviousData } from '@tanstack/react-query';
import { type RouterInputs, trpc } from './trpc.ts';

/*
 * Cursor paging ("Load more") over the API's `{ items, nextCursor }` pages, with tRPC's own
 * `useInfiniteQuery`: the list inputs accept the `direction: 'forward'` it adds, and its query keys
 * are the ones `utils.<path>.invalidate()` reaches, so live updates refresh every loaded page.
 */

type Paged<T> = Omit<NonNullable<T>, 'cursor' | 'direction'>;
const next = (last: { nextCursor: string | null }) => last.nextCursor;

export function useAssetPages(input: Paged<RouterInputs['assets']['list']>) {
  return trpc.assets.list.useInfiniteQuery(input, {
    getNextPageParam: next,
    placeholderData: keepPreviousData,
  });
}

export function useHistoryPages(input: Paged<RouterInputs['assets']['history']>) {
  return trpc.assets.history.useInfiniteQuery(input, { getNextPageParam: next });
}

export function useUserPages(input: Paged<RouterInputs['users']['list']>) {
  return trpc.users.list.useInfiniteQuery(input, {
    getNextPageParam: next,
    placeholderData: keepPreviousData,
  });
}

export function useLicensePages(input: Paged<RouterInputs['licenses']['list']>) {
  return trpc.licenses.list.useInfiniteQuery(input, {
    getNextPageParam: next,
    placeholderData: keepPreviousData,
  });
}

export function useMaintenancePages(input: Paged<RouterInputs['maintenance']['list']>) {
  return trpc.maintenance.list.useInfiniteQuery(input, {
    getNextPageParam: next,
    placeholderData: keepPreviousData,
  });
}

export function useEventPages(input: Paged<RouterInputs['events']['list']>) {
  return trpc.events.list.useInfiniteQuery(input, {
    getNextPageParam: next,
    placeholderData: keepPreviousData,
  });
}

export function useAssignmentPages(input: Paged<RouterInputs['assignments']['list']>) {
  return trpc.assignments.list.useInfiniteQuery(input, {
    getNextPageParam: next,
    placeholderData: keepPreviousData,
  });
}
