import { MAINTENANCE_STATUSES, MAINTENANCE_TYPES, type MaintenanceStatus, scopeOf } from '@itam/domain';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useMaintenancePages } from '../api/pages.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { MaintenanceStatusBadge } from '../components/MaintenanceStatusBadge.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
import { formatMoney } from '../lib/format.ts';
import { useDocumentTitle, useSearchBox, useSearchState } from '../lib/hooks.ts';
import { MAINTENANCE_STATUS_LABELS, MAINTENANCE_TYPE_LABELS } from '../lib/labels.ts';
import {
  hasMaintenanceFilters,
  maintenanceFiltersFrom,
  maintenanceListInput,
  NO_MAINTENANCE_FILTERS,
  searchFromMaintenanceFilters,
} from '../maintenance/filters.ts';
import { MaintenanceActions } from '../maintenance/MaintenanceActions.tsx';
import { MaintenanceWhen } from '../maintenance/MaintenanceWhen.tsx';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

export function MaintenancePage() {
  useDocumentTitle('Maintenance');
  const user = useUser();
  if (scopeOf(user, 'maintenance.read') !== 'all') return <NoAccess />;
  return <Maintenance />;
}

function Maintenance() {
  const [filters, setFilters] = useSearchState(maintenanceFiltersFrom, searchFromMaintenanceFilters);
  const list = useMaintenancePages(maintenanceListInput(filters));
  const records = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const filtered = hasMaintenanceFilters(filters);
  const [q, setQ] = useSearchBox(filters.q, (q) => setFilters({ ...filters, q }));

  const toggleStatus = (status: MaintenanceStatus) =>
    setFilters({
      ...filters,
      statuses: filters.statuses.includes(status)
        ? filters.statuses.filter((s) => s !== status)
        : MAINTENANCE_STATUSES.filter((s) => s === status || filters.statuses.includes(s)),
    });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Maintenance</h1>
          <p className="page-sub">Repairs, upgrades and checks across all hardware.</p>
        </div>
        <ExportLink kind="maintenance" input={maintenanceListInput(filters)} />
      </div>
      <section className="filters" aria-label="Filters">
        <div className="filters-row">
          <SearchField
            id="maintenance-search"
            placeholder="Tag, name, serial, details or note…"
            value={q}
            onChange={setQ}
          />
          <div className="field">
            <label htmlFor="maintenance-type">Type</label>
            <select
              id="maintenance-type"
              value={filters.types.length > 1 ? 'several' : (filters.types[0] ?? '')}
              onChange={(e) => {
                const type = MAINTENANCE_TYPES.find((t) => t === e.target.value);
                setFilters({ ...filters, types: type ? [type] : [] });
              }}
            >
              <option value="">All types</option>
              {/* A shared link may name several types; the menu picks one. */}
              {filters.types.length > 1 ? <option value="several">Several types</option> : null}
              {MAINTENANCE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {MAINTENANCE_TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="maintenance-sort">Sort</label>
            <select
              id="maintenance-sort"
              value={filters.sort}
              onChange={(e) =>
                setFilters({ ...filters, sort: e.target.value === 'scheduled' ? 'scheduled' : 'recent' })
              }
            >
              <option value="recent">Newest first</option>
              <option value="scheduled">Scheduled date, earliest first</option>
            </select>
          </div>
        </div>
        <fieldset className="chips">
          <legend>Status</legend>
          {MAINTENANCE_STATUSES.map((status) => (
            <label key={status} className={`chip maintenance-${status}`}>
              <input
                type="checkbox"
                name="status"
                value={status}
                checked={filters.statuses.includes(status)}
                onChange={() => toggleStatus(status)}
              />
              <span className="badge-dot" aria-hidden="true" />
              {MAINTENANCE_STATUS_LABELS[status]}
            </label>
          ))}
          <label className="chip chip-overdue">
            <input
              type="checkbox"
              name="overdue"
              checked={filters.overdue}
              onChange={(e) => setFilters({ ...filters, overdue: e.target.checked })}
            />
            Overdue only
          </label>
          {filtered ? (
            <button
              type="button"
              className="button link"
              onClick={() => {
                setQ('');
                setFilters({ ...NO_MAINTENANCE_FILTERS, sort: filters.sort });
              }}
            >
              Clear filters
            </button>
          ) : null}
        </fieldset>
      </section>
      {list.isPending ? (
        <Loading label="Loading maintenance…" />
      ) : list.isError && !list.data ? (
        <ErrorState
          error={list.error}
          title="The maintenance could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : records.length === 0 ? (
        <Empty title={filtered ? 'No maintenance matches these filters.' : 'No maintenance recorded yet.'}>
          {filtered ? null : <p>Schedule maintenance from an asset’s page.</p>}
        </Empty>
      ) : (
        <>
          <TableFrame label="Maintenance">
            <table
              className="table maintenance-table"
              data-testid="maintenance-table"
              aria-busy={list.isFetching}
            >
              <caption className="visually-hidden">Maintenance</caption>
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">When</th>
                  <th scope="col">Details</th>
                  <th scope="col">Cost</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {records.map((record) => {
                  const titleId = `maintenance-row-${record.id}`;
                  return (
                    <tr key={record.id} data-testid="maintenance-row" data-status={record.status}>
                      <th scope="row" className="cell-tag" id={titleId}>
                        <Link to={`/assets/${record.asset.id}#maintenance`}>{record.asset.tag}</Link>
                        <span className="cell-sub">{record.asset.name}</span>
                      </th>
                      <td>{MAINTENANCE_TYPE_LABELS[record.type]}</td>
                      <td>
                        <MaintenanceStatusBadge status={record.status} />
                      </td>
                      <td>
                        <MaintenanceWhen record={record} />
                      </td>
                      <td className="cell-details">{record.details}</td>
                      <td className="cell-number">
                        {record.cost !== null ? formatMoney(record.cost) : <span className="muted">—</span>}
                      </td>
                      <td className="cell-actions">
                        <MaintenanceActions record={record} describedBy={titleId} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableFrame>
          <ListFooter list={list} shown={records.length} noun={['record', 'records']} filtered={filtered} />
        </>
      )}
    </>
  );
}
