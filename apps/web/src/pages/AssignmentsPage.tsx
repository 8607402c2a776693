import { type Assignment, scopeOf } from '@itam/domain';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useAssignmentPages } from '../api/pages.ts';
import {
  type AssignmentFilters,
  type AssignmentState,
  assignmentFiltersFrom,
  assignmentListInput,
  hasAssignmentFilters,
  NO_ASSIGNMENT_FILTERS,
  searchFromAssignmentFilters,
} from '../assignments/filters.ts';
import { ExpectedReturn } from '../components/ExpectedReturn.tsx';
import { ListFooter } from '../components/ListFooter.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { useDocumentTitle, useSearchState } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

const STATE_LABELS: Record<AssignmentState, string> = {
  open: 'Checked out now',
  overdue: 'Overdue',
  closed: 'Returned',
  all: 'All',
};

export function AssignmentsPage() {
  useDocumentTitle('Assignments');
  const user = useUser();
  if (scopeOf(user, 'assignment.read') !== 'all') return <NoAccess />;
  return <Assignments />;
}

function Assignments() {
  const [filters, setFilters] = useSearchState(assignmentFiltersFrom, searchFromAssignmentFilters);
  const list = useAssignmentPages(assignmentListInput(filters));
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const filtered = hasAssignmentFilters(filters);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Assignments</h1>
          <p className="page-sub">Who holds which hardware, since when, and what is due back.</p>
        </div>
        <ExportLink kind="assignments" input={assignmentListInput(filters)} />
      </div>
      <section className="filters" aria-label="Filters">
        <fieldset className="chips">
          <legend>Show</legend>
          {(Object.keys(STATE_LABELS) as AssignmentState[]).map((state) => (
            <label key={state} className={state === 'overdue' ? 'chip chip-overdue' : 'chip'}>
              <input
                type="radio"
                name="state"
                value={state}
                checked={filters.state === state}
                onChange={() => setFilters({ ...filters, state })}
              />
              {STATE_LABELS[state]}
            </label>
          ))}
          {filtered ? (
            <button type="button" className="button link" onClick={() => setFilters(NO_ASSIGNMENT_FILTERS)}>
              Clear filters
            </button>
          ) : null}
        </fieldset>
        <NarrowedTo filters={filters} rows={rows} onChange={setFilters} />
      </section>
      {list.isPending ? (
        <Loading label="Loading assignments…" />
      ) : list.isError && !list.data ? (
        <ErrorState
          error={list.error}
          title="The assignments could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : rows.length === 0 ? (
        <Empty title={filtered ? 'No assignments match these filters.' : 'Nothing is checked out right now.'}>
          {filtered ? null : <p>Check hardware out to a person from its page.</p>}
        </Empty>
      ) : (
        <>
          <TableFrame label="Assignments">
            <table
              className="table assignments-table"
              data-testid="assignments-table"
              aria-busy={list.isFetching}
            >
              <caption className="visually-hidden">Assignments</caption>
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">Holder</th>
                  <th scope="col">Checked out</th>
                  <th scope="col">Expected return</th>
                  <th scope="col">Returned</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <AssignmentRow key={row.id} row={row} filters={filters} />
                ))}
              </tbody>
            </table>
          </TableFrame>
          <ListFooter
            list={list}
            shown={rows.length}
            noun={['assignment', 'assignments']}
            filtered={filtered}
          />
        </>
      )}
    </>
  );
}

function AssignmentRow({ row, filters }: { row: Assignment; filters: AssignmentFilters }) {
  const returned = row.endedAt !== null;
  const byHolder = searchFromAssignmentFilters({ ...filters, holderId: row.user.id }).toString();
  return (
    <tr
      data-testid="assignment-row"
      data-state={returned ? 'closed' : row.overdue ? 'overdue' : 'open'}
      data-holder={row.user.username}
    >
      <th scope="row" className="cell-tag">
        <Link to={`/assets/${row.asset.id}`}>{row.asset.tag}</Link>
        <span className="cell-sub">{row.asset.name}</span>
      </th>
      <td>
        {/* The holder's name narrows the list to what that person holds (or held). */}
        <Link to={{ search: byHolder }}>
          {row.user.username}
          <span className="visually-hidden">: show their assignments</span>
        </Link>
      </td>
      <td>{formatDateTime(row.startedAt)}</td>
      <td>
        {returned ? (
          row.expectedReturn ? (
            formatDate(row.expectedReturn)
          ) : (
            <span className="muted">Not set</span>
          )
        ) : (
          <ExpectedReturn date={row.expectedReturn} overdue={row.overdue} />
        )}
      </td>
      <td>
        {returned ? (
          <>
            {formatDateTime(row.endedAt!)}
            {row.returnNote ? <span className="cell-sub">{row.returnNote}</span> : null}
          </>
        ) : (
          <span className="muted">Not yet</span>
        )}
      </td>
    </tr>
  );
}

/**
 * The holder and asset filters come from links (a holder's name here, or a shared URL): each is
 * shown with a button that removes it. Names come from the rows, which all belong to them.
 */
function NarrowedTo({
  filters,
  rows,
  onChange,
}: {
  filters: AssignmentFilters;
  rows: readonly Assignment[];
  onChange: (next: AssignmentFilters) => void;
}) {
  if (!filters.holderId && !filters.assetId) return null;
  const holder = rows.find((r) => r.user.id === filters.holderId)?.user.username ?? 'one person';
  const asset = rows.find((r) => r.asset.id === filters.assetId)?.asset.tag ?? 'one asset';
  return (
    <div data-testid="assignment-narrowed">
      {filters.holderId ? (
        <span className="picker-chip">
          Holder: {holder}
          <button
            type="button"
            className="picker-chip-remove"
            aria-label={`Remove the filter holder ${holder}`}
            onClick={() => onChange({ ...filters, holderId: null })}
          >
            ×
          </button>
        </span>
      ) : null}
      {filters.assetId ? (
        <span className="picker-chip">
          Asset: {asset}
          <button
            type="button"
            className="picker-chip-remove"
            aria-label={`Remove the filter asset ${asset}`}
            onClick={() => onChange({ ...filters, assetId: null })}
          >
            ×
          </button>
        </span>
      ) : null}
    </div>
  );
}
