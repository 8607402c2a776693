import { can, ROLES } from '@itam/domain';
import { useState } from 'react';
import { useUserPages } from '../api/pages.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { Empty, ErrorState, FormError, Loading } from '../components/States.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
import { useDebounced, useDocumentTitle, useSearchState } from '../lib/hooks.ts';
import { ROLE_LABELS } from '../lib/labels.ts';
import { useUser } from '../session/session.tsx';
import {
  hasUserFilters,
  NO_USER_FILTERS,
  searchFromUserFilters,
  userFiltersFrom,
  userListInput,
} from '../users/filters.ts';
import { UserTable } from '../users/UserTable.tsx';
import { NoAccess } from './NoAccess.tsx';

export function UsersPage() {
  useDocumentTitle('Users');
  const user = useUser();
  // Staff and auditors may look people up; only admins change roles or disable accounts.
  if (!can(user, 'user.list')) return <NoAccess />;
  return <Users />;
}

function Users() {
  const manage = can(useUser(), 'user.manage');
  // Search, role, status and sort live in the URL (bookmarkable); the search reaches the server
  // once typing pauses.
  const [filters, setFilters] = useSearchState(userFiltersFrom, searchFromUserFilters);
  const search = useDebounced(filters.q.trim(), 300);
  const [problem, setProblem] = useState<string | null>(null);
  const filtered = hasUserFilters({ ...filters, q: search });

  const list = useUserPages(userListInput({ ...filters, q: search }));
  const users = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Users</h1>
          <p className="page-sub">
            Who may sign in, and what they may do.
            {manage ? '' : ' Only admins change roles or disable accounts.'}
          </p>
        </div>
        <ExportLink kind="users" input={search ? { q: search } : {}} />
      </div>
      <section className="filters" aria-label="Filters">
        <div className="filters-row">
          <SearchField
            id="user-search"
            placeholder="Username or email…"
            value={filters.q}
            onChange={(text) => setFilters({ ...filters, q: text })}
          />
          <div className="field">
            <label htmlFor="user-role">Role</label>
            <select
              id="user-role"
              value={filters.role ?? ''}
              onChange={(e) =>
                setFilters({ ...filters, role: ROLES.find((r) => r === e.target.value) ?? null })
              }
            >
              <option value="">Any role</option>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="user-status">Status</label>
            <select
              id="user-status"
              value={filters.status ?? ''}
              onChange={(e) =>
                setFilters({
                  ...filters,
                  status:
                    e.target.value === 'active' || e.target.value === 'disabled' ? e.target.value : null,
                })
              }
            >
              <option value="">Any status</option>
              <option value="active">Active</option>
              <option value="disabled">Disabled</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="user-sort">Sort</label>
            <select
              id="user-sort"
              value={filters.sort}
              onChange={(e) =>
                setFilters({ ...filters, sort: e.target.value === 'newest' ? 'newest' : 'username' })
              }
            >
              <option value="username">Username</option>
              <option value="newest">Newest first</option>
            </select>
          </div>
        </div>
        {filtered ? (
          <div>
            <button
              type="button"
              className="button link"
              onClick={() => setFilters({ ...NO_USER_FILTERS, sort: filters.sort })}
            >
              Clear filters
            </button>
          </div>
        ) : null}
      </section>
      <FormError message={problem} />
      {list.isPending ? (
        <Loading label="Loading users…" />
      ) : list.isError && !list.data ? (
        <ErrorState
          error={list.error}
          title="The users could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : users.length === 0 ? (
        <Empty title={filtered ? 'No users match these filters.' : 'No users yet.'} />
      ) : (
        <>
          <UserTable users={users} onError={setProblem} />
          <ListFooter list={list} shown={users.length} noun={['user', 'users']} filtered={filtered} />
        </>
      )}
    </>
  );
}
