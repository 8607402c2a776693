import { can, scopeOf } from '@itam/domain';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useLicensePages } from '../api/pages.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
import { useDebounced, useDocumentTitle } from '../lib/hooks.ts';
import { LicenseTable } from '../licenses/LicenseTable.tsx';
import { useUser } from '../session/session.tsx';

export function LicensesPage() {
  const user = useUser();
  const ownOnly = scopeOf(user, 'license.read') === 'own';
  const title = ownOnly ? 'My licenses' : 'Licenses';
  useDocumentTitle(title);

  // The search lives in the URL (bookmarkable); the box is typed into locally.
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const search = useDebounced(q.trim(), 300);
  const list = useLicensePages(search ? { q: search, limit: 50 } : { limit: 50 });
  const licenses = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="page-sub">
            {ownOnly
              ? 'The software you hold a seat of.'
              : 'Software licenses, their seats and when they expire.'}
          </p>
        </div>
        <ExportLink kind="licenses" input={search ? { q: search } : {}} />
        {can(user, 'license.manage') ? (
          <Link to="/licenses/new" className="button primary">
            New license
          </Link>
        ) : null}
      </div>
      <section className="filters" aria-label="Filters">
        <div className="filters-row">
          <div className="field field-search">
            <label htmlFor="license-search">Search</label>
            <input
              id="license-search"
              type="search"
              placeholder="Software or vendor…"
              maxLength={200}
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                const next = new URLSearchParams(params);
                if (e.target.value.trim()) next.set('q', e.target.value.trim());
                else next.delete('q');
                setParams(next, { replace: true });
              }}
            />
          </div>
        </div>
      </section>
      {list.isPending ? (
        <Loading label="Loading licenses…" />
      ) : list.isError && !list.data ? (
        <ErrorState
          error={list.error}
          title="The licenses could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : licenses.length === 0 ? (
        <Empty title={search ? 'No licenses match this search.' : 'No licenses yet.'}>
          {!search && can(user, 'license.manage') ? (
            <Link to="/licenses/new" className="button primary">
              Add the first license
            </Link>
          ) : null}
        </Empty>
      ) : (
        <>
          <LicenseTable licenses={licenses} busy={list.isFetching} />
          <ListFooter
            list={list}
            shown={licenses.length}
            noun={['license', 'licenses']}
            filtered={Boolean(search)}
          />
        </>
      )}
    </>
  );
}
