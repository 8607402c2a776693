/** What a paged list needs from tRPC's `useInfiniteQuery` to draw its footer. */
export interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isError: boolean;
  fetchNextPage: () => unknown;
}

/**
 * Below every paged table: how many rows are shown (and whether that is all of them), a note when a
 * refresh failed, and "Load more" while the server has another page.
 */
export function ListFooter({
  list,
  shown,
  noun,
  filtered,
}: {
  list: PagedList;
  shown: number;
  /** Singular and plural, e.g. `['asset', 'assets']`. */
  noun: readonly [string, string];
  filtered: boolean;
}) {
  return (
    <div className="list-footer">
      <span className="muted" aria-live="polite">
        {shown} {shown === 1 ? noun[0] : noun[1]} shown
        {list.hasNextPage ? '' : filtered ? ' (all that match)' : ' (all)'}
      </span>
      {list.isError ? <span className="field-error">Could not refresh: try again.</span> : null}
      {list.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
          aria-busy={list.isFetchingNextPage}
        >
          Load more
        </button>
      ) : null}
    </div>
  );
}
