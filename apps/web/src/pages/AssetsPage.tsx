import { can, scopeOf } from '@itam/domain';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAssetPages } from '../api/pages.ts';
import { AssetFilters } from '../assets/AssetFilters.tsx';
import { AssetTable } from '../assets/AssetTable.tsx';
import {
  type AssetFilters as Filters,
  filtersFromSearch,
  hasFilters,
  listInput,
  NO_FILTERS,
  searchFromFilters,
} from '../assets/filters.ts';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';

export function AssetsPage() {
  const user = useUser();
  const ownOnly = scopeOf(user, 'asset.read') === 'own';
  const title = ownOnly ? 'My assets' : 'Assets';
  useDocumentTitle(title);

  // The filters live in the URL. The controls read a local copy that changes at once (the router
  // applies URL changes in a transition), and the copy follows the URL on back/forward and links.
  const [params, setParams] = useSearchParams();
  const urlKey = searchFromFilters(filtersFromSearch(params)).toString();
  const [filters, setLocalFilters] = useState(() => filtersFromSearch(params));
  const written = useRef(urlKey);
  useEffect(() => {
    if (urlKey === written.current) return;
    written.current = urlKey;
    setLocalFilters(filtersFromSearch(new URLSearchParams(urlKey)));
  }, [urlKey]);
  const setFilters = useCallback(
    (next: Filters) => {
      setLocalFilters(next);
      const search = searchFromFilters(next);
      written.current = search.toString();
      setParams(search, { replace: true });
    },
    [setParams],
  );

  const list = useAssetPages(listInput(filters, ownOnly));
  const assets = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const filtered = hasFilters(filters);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="page-sub">
            {ownOnly ? 'The hardware you hold.' : 'Every piece of hardware, where it is and who holds it.'}
          </p>
        </div>
        {can(user, 'asset.create') ? (
          <Link to="/assets/new" className="button primary">
            New asset
          </Link>
        ) : null}
      </div>

      <AssetFilters filters={filters} onChange={setFilters} />

      {list.isPending ? (
        <Loading label="Loading assets…" />
      ) : list.isError && !list.data ? (
        <ErrorState
          error={list.error}
          title="The assets could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : assets.length === 0 ? (
        <Empty
          title={
            filtered ? 'No assets match these filters.' : ownOnly ? 'You hold no assets.' : 'No assets yet.'
          }
        >
          {filtered ? (
            <button
              type="button"
              className="button"
              onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}
            >
              Clear filters
            </button>
          ) : can(user, 'asset.create') ? (
            <Link to="/assets/new" className="button primary">
              Register the first asset
            </Link>
          ) : null}
        </Empty>
      ) : (
        <>
          <AssetTable assets={assets} busy={list.isFetching} />
          <div className="list-footer">
            <span className="muted" aria-live="polite">
              {assets.length} {assets.length === 1 ? 'asset' : 'assets'} shown
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
        </>
      )}
    </>
  );
}
