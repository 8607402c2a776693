import { can } from '@itam/domain';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { trpc } from '../api/trpc.ts';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { useDocumentTitle } from '../lib/hooks.ts';
import { NoAccess } from '../pages/NoAccess.tsx';
import { useUser } from '../session/session.tsx';
import { DeliveryLog } from './DeliveryLog.tsx';
import { RegisterWebhookForm } from './RegisterWebhookForm.tsx';
import { SecretNotice } from './SecretNotice.tsx';
import { WebhookTable } from './WebhookTable.tsx';
import './webhooks.css';

export function WebhooksPage() {
  useDocumentTitle('Webhooks');
  const user = useUser();
  if (!can(user, 'webhook.manage')) return <NoAccess />;
  return <Webhooks />;
}

function Webhooks() {
  const [params, setParams] = useSearchParams();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const list = trpc.webhooks.list.useQuery();
  const webhooks = list.data ?? [];
  const selectedId = params.get('webhook');
  const selected = webhooks.find((w) => w.id === selectedId) ?? null;
  const select = (id: string) => setParams({ webhook: id }, { replace: true });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Webhooks</h1>
          <p className="page-sub">Other systems told of changes as they happen: signed, retried, logged.</p>
        </div>
      </div>
      {secret ? (
        <SecretNotice url={secret.url} secret={secret.secret} onDismiss={() => setSecret(null)} />
      ) : null}
      <section className="webhook-section" aria-labelledby="register-webhook-title">
        <h2 id="register-webhook-title">Register a webhook</h2>
        <RegisterWebhookForm onCreated={(url, value) => setSecret({ url, secret: value })} />
      </section>
      <section className="webhook-section" aria-labelledby="webhook-list-title">
        <h2 id="webhook-list-title">Registered webhooks</h2>
        {list.isPending ? (
          <Loading label="Loading webhooks…" />
        ) : list.isError && !list.data ? (
          <ErrorState
            error={list.error}
            title="The webhooks could not be loaded."
            onRetry={() => void list.refetch()}
          />
        ) : webhooks.length === 0 ? (
          <Empty title="No webhooks yet." />
        ) : (
          <WebhookTable
            webhooks={webhooks}
            selectedId={selectedId}
            onSelect={select}
            onSecret={(url, value) => setSecret({ url, secret: value })}
          />
        )}
      </section>
      {selected ? <DeliveryLog webhookId={selected.id} url={selected.url} /> : null}
    </>
  );
}
