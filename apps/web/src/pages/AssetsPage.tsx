import { can, scopeOf } from '@itam/domain';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAssetPages } from '../api/pages.ts';
import type { AssetView } from '../api/trpc.ts';
import { AssetFilters } from '../assets/AssetFilters.tsx';
import { AssetTable, type Selection } from '../assets/AssetTable.tsx';
import { BulkCheckOutDialog } from '../assets/BulkCheckOutDialog.tsx';
import {
  type AssetFilters as Filters,
  filtersFromSearch,
  hasFilters,
  listInput,
  NO_FILTERS,
  searchFromFilters,
} from '../assets/filters.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
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
  const bulk = useBulkSelection(assets);
  const selectable = can(user, 'assignment.manage');

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="page-sub">
            {ownOnly ? 'The hardware you hold.' : 'Every piece of hardware, where it is and who holds it.'}
          </p>
        </div>
        <ExportLink kind="assets" input={listInput(filters, ownOnly)} />
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
          {selectable ? <BulkBar bulk={bulk} /> : null}
          <AssetTable
            assets={assets}
            busy={list.isFetching}
            selection={selectable ? bulk.selection : undefined}
          />
          <ListFooter list={list} shown={assets.length} noun={['asset', 'assets']} filtered={filtered} />
        </>
      )}
    </>
  );
}

/**
 * The ticked assets. Kept as the rows were when ticked, refreshed from the table while shown, so a
 * selection survives filtering and "Load more".
 */
function useBulkSelection(shown: readonly AssetView[]) {
  const [picked, setPicked] = useState<ReadonlyMap<string, AssetView>>(new Map());
  const [open, setOpen] = useState(false);
  const current = useMemo(() => {
    const byId = new Map(shown.map((a) => [a.id, a]));
    return [...picked.values()].map((a) => byId.get(a.id) ?? a);
  }, [picked, shown]);
  const selection: Selection = useMemo(
    () => ({
      selected: new Set(picked.keys()),
      toggle: (asset, on) =>
        setPicked((prev) => {
          const next = new Map(prev);
          if (on) next.set(asset.id, asset);
          else next.delete(asset.id);
          return next;
        }),
      toggleAll: (assets, on) =>
        setPicked((prev) => {
          const next = new Map(prev);
          for (const asset of assets) {
            if (on) next.set(asset.id, asset);
            else next.delete(asset.id);
          }
          return next;
        }),
    }),
    [picked],
  );
  const leaveOut = (ids: readonly string[]) =>
    setPicked((prev) => new Map([...prev].filter(([id]) => !ids.includes(id))));
  return { selection, assets: current, open, setOpen, clear: () => setPicked(new Map()), leaveOut };
}

function BulkBar({ bulk }: { bulk: ReturnType<typeof useBulkSelection> }) {
  const count = bulk.assets.length;
  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      <span aria-live="polite">
        {count === 0 ? 'Tick assets to act on several at once.' : `${count} selected`}
      </span>
      <button
        type="button"
        className="button small primary"
        disabled={count === 0}
        onClick={() => bulk.setOpen(true)}
      >
        Check out selected
      </button>
      {count > 0 ? (
        <button type="button" className="button small link" onClick={bulk.clear}>
          Clear selection
        </button>
      ) : null}
      {bulk.open ? (
        <BulkCheckOutDialog
          assets={bulk.assets}
          onClose={() => bulk.setOpen(false)}
          onDone={() => {
            bulk.setOpen(false);
            bulk.clear();
          }}
          onLeaveOut={bulk.leaveOut}
        />
      ) : null}
    </div>
  );
}
