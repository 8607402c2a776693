import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { type RouterInputs, trpc } from './trpc.ts';

/*
 * Cursor paging ("Load more") over the API's `{ items, nextCursor }` pages.
 *
 * Why not tRPC's own `useInfiniteQuery`: it adds `direction: 'forward'` to the input, and the API's
 * list inputs are strict objects, so the server refuses the request. These hooks send exactly the
 * input plus `cursor`, under tRPC's own query keys, so `utils.<path>.invalidate()` still reaches them.
 */

type Paged<T> = Omit<T, 'cursor'>;
const first = null as string | null;

export function useAssetPages(input: Paged<NonNullable<RouterInputs['assets']['list']>>) {
  const utils = trpc.useUtils();
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.assets.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) =>
      utils.client.assets.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: first,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useHistoryPages(input: Paged<RouterInputs['assets']['history']>) {
  const utils = trpc.useUtils();
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.assets.history, input, 'infinite'),
    queryFn: ({ pageParam, signal }) =>
      utils.client.assets.history.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: first,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useUserPages(input: Paged<NonNullable<RouterInputs['users']['list']>>) {
  const utils = trpc.useUtils();
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.users.list, input, 'infinite'),
    queryFn: ({ pageParam, signal }) =>
      utils.client.users.list.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: first,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}
