import { can, scopeOf } from '@itam/domain';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useLicensePages } from '../api/pages.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
import { useDebounced, useDocumentTitle, useSearchState } from '../lib/hooks.ts';
import {
  EXPIRY_WINDOWS,
  hasLicenseFilters,
  licenseFiltersFrom,
  licenseListInput,
  NO_LICENSE_FILTERS,
  searchFromLicenseFilters,
} from '../licenses/filters.ts';
import { LicenseTable } from '../licenses/LicenseTable.tsx';
import { useUser } from '../session/session.tsx';

export function LicensesPage() {
  const user = useUser();
  const ownOnly = scopeOf(user, 'license.read') === 'own';
  const title = ownOnly ? 'My licenses' : 'Licenses';
  useDocumentTitle(title);

  // Search, expiry window and sort live in the URL (bookmarkable); the search reaches the server
  // once typing pauses.
  const [filters, setFilters] = useSearchState(licenseFiltersFrom, searchFromLicenseFilters);
  const search = useDebounced(filters.q.trim(), 300);
  const list = useLicensePages(licenseListInput({ ...filters, q: search }));
  const licenses = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const filtered = hasLicenseFilters({ ...filters, q: search });

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
          <SearchField
            id="license-search"
            placeholder="Software or vendor…"
            value={filters.q}
            onChange={(text) => setFilters({ ...filters, q: text })}
          />
          <div className="field">
            <label htmlFor="license-expiring">Expires</label>
            <select
              id="license-expiring"
              value={filters.expiring ?? ''}
              onChange={(e) =>
                setFilters({ ...filters, expiring: e.target.value ? Number(e.target.value) : null })
              }
            >
              <option value="">Any time</option>
              {EXPIRY_WINDOWS.map((days) => (
                <option key={days} value={days}>
                  Within {days} days
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="license-sort">Sort</label>
            <select
              id="license-sort"
              value={filters.sort}
              onChange={(e) =>
                setFilters({ ...filters, sort: e.target.value === 'expiry' ? 'expiry' : 'name' })
              }
            >
              <option value="name">Name</option>
              <option value="expiry">Expiry, soonest first</option>
            </select>
          </div>
        </div>
        {filtered ? (
          <div>
            <button
              type="button"
              className="button link"
              onClick={() => setFilters({ ...NO_LICENSE_FILTERS, sort: filters.sort })}
            >
              Clear filters
            </button>
          </div>
        ) : null}
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
        <Empty title={filtered ? 'No licenses match these filters.' : 'No licenses yet.'}>
          {!filtered && can(user, 'license.manage') ? (
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
            filtered={filtered}
          />
        </>
      )}
    </>
  );
}
