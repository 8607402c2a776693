import { type Assignment, type AssignmentSort, scopeOf } from '@itam/domain';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useAssignmentPages } from '../api/pages.ts';
import { AssignmentFilters } from '../assignments/AssignmentFilters.tsx';
import {
  assignmentFiltersFrom,
  assignmentListInput,
  type AssignmentFilters as Filters,
  hasAssignmentFilters,
  searchFromAssignmentFilters,
  sortedBy,
} from '../assignments/filters.ts';
import { ExpectedReturn } from '../components/ExpectedReturn.tsx';
import { ListFooter } from '../components/ListFooter.tsx';
import { SortableHeader } from '../components/SortableHeader.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { TableFrame } from '../components/TableFrame.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { useDocumentTitle, useSearchState } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { NoAccess } from './NoAccess.tsx';

export function AssignmentsPage() {
  useDocumentTitle('Assignments');
  const user = useUser();
  if (scopeOf(user, 'assignment.read') !== 'all') return <NoAccess />;
  return <Assignments />;
}

const COLUMNS: { sort: AssignmentSort; label: string }[] = [
  { sort: 'checkedOut', label: 'Checked out' },
  { sort: 'expectedReturn', label: 'Expected return' },
  { sort: 'returned', label: 'Returned' },
];

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
      <AssignmentFilters filters={filters} rows={rows} onChange={setFilters} />
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
                  {COLUMNS.map((column) => (
                    <SortableHeader
                      key={column.sort}
                      label={column.label}
                      order={filters.sort === column.sort ? filters.order : null}
                      onSort={() => setFilters(sortedBy(filters, column.sort))}
                    />
                  ))}
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

function AssignmentRow({ row, filters }: { row: Assignment; filters: Filters }) {
  const returned = row.endedAt !== null;
  const byHolder = searchFromAssignmentFilters({ ...filters, holderId: row.user.id }).toString();
  return (
    <tr
      data-testid="assignment-row"
      data-state={returned ? 'closed' : row.overdue ? 'overdue' : 'open'}
      data-holder={row.user.username}
      data-asset={row.asset.tag}
      data-expected={row.expectedReturn ?? ''}
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
