import { can } from '@itam/domain';
import { useState } from 'react';
import { trpc } from '../api/trpc.ts';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { useUser } from '../session/session.tsx';
import { CreateTokenForm } from '../tokens/CreateTokenForm.tsx';
import { NewTokenSecret } from '../tokens/NewTokenSecret.tsx';
import { TokenTable } from '../tokens/TokenTable.tsx';
import { NoAccess } from './NoAccess.tsx';
import '../tokens/tokens.css';

export function ApiTokensPage() {
  useDocumentTitle('API tokens');
  const user = useUser();
  if (!can(user, 'token.manage')) return <NoAccess />;
  return <ApiTokens />;
}

function ApiTokens() {
  const list = trpc.tokens.list.useQuery();
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API tokens</h1>
          <p className="page-sub">
            Tokens for other services and scripts. Each acts under its own name in the audit trail.
          </p>
        </div>
      </div>
      <CreateTokenForm onCreated={setCreated} />
      {created ? <NewTokenSecret {...created} onClose={() => setCreated(null)} /> : null}
      {list.isPending ? (
        <Loading label="Loading tokens…" />
      ) : list.isError ? (
        <ErrorState
          error={list.error}
          title="The tokens could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : list.data.length === 0 ? (
        <Empty title="No API tokens yet." />
      ) : (
        <TokenTable tokens={list.data} />
      )}
    </>
  );
}
