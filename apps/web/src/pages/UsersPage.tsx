import { can } from '@itam/domain';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useUserPages } from '../api/pages.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { Empty, ErrorState, FormError, Loading } from '../components/States.tsx';
import { ExportLink } from '../csv/ExportLink.tsx';
import { useDebounced, useDocumentTitle } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { UserTable } from '../users/UserTable.tsx';
import { NoAccess } from './NoAccess.tsx';

export function UsersPage() {
  useDocumentTitle('Users');
  const user = useUser();
  if (!can(user, 'user.manage')) return <NoAccess />;
  return <Users />;
}

function Users() {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const search = useDebounced(q.trim(), 300);
  const [problem, setProblem] = useState<string | null>(null);

  const list = useUserPages(search ? { q: search, limit: 50 } : { limit: 50 });
  const users = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Users</h1>
          <p className="page-sub">Who may sign in, and what they may do.</p>
        </div>
        <ExportLink kind="users" input={search ? { q: search } : {}} />
      </div>
      <section className="filters" aria-label="Filters">
        <div className="filters-row">
          <div className="field field-search">
            <label htmlFor="user-search">Search</label>
            <input
              id="user-search"
              type="search"
              placeholder="Username or email…"
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
        <Empty title={search ? 'No users match this search.' : 'No users yet.'} />
      ) : (
        <>
          <UserTable users={users} onError={setProblem} />
          <ListFooter list={list} shown={users.length} noun={['user', 'users']} filtered={Boolean(search)} />
        </>
      )}
    </>
  );
}
