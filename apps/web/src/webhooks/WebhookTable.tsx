import { useState } from 'react';
import { errorMessage } from '../api/errors.ts';
import { type RouterOutputs, trpc } from '../api/trpc.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { useToast } from '../components/Toasts.tsx';
import { formatDateTime } from '../lib/format.ts';
import { describePatterns } from './eventTypes.ts';

export type WebhookView = RouterOutputs['webhooks']['list'][number];

type Confirming = { webhook: WebhookView; action: 'disable' | 'remove' | 'rotate' } | null;

/** Registered webhooks with their status and actions; "Deliveries" opens a webhook's log. */
export function WebhookTable({
  webhooks,
  selectedId,
  onSelect,
  onSecret,
}: {
  webhooks: readonly WebhookView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onSecret: (url: string, secret: string) => void;
}) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const done = (message: string) => {
    void utils.webhooks.list.invalidate();
    setConfirming(null);
    setProblem(null);
    toast(message);
  };
  const fail = (error: unknown) => setProblem(errorMessage(error));
  const update = trpc.webhooks.update.useMutation({
    onSuccess: (w) => done(w.active ? `Webhook ${w.url} enabled.` : `Webhook ${w.url} disabled.`),
    onError: fail,
  });
  const remove = trpc.webhooks.remove.useMutation({
    onSuccess: () => done('Webhook removed.'),
    onError: fail,
  });
  const rotate = trpc.webhooks.rotateSecret.useMutation({
    onSuccess: ({ webhook, secret }) => {
      done('A new secret signs deliveries from now on.');
      onSecret(webhook.url, secret);
    },
    onError: fail,
  });

  return (
    <>
      <div className="table-wrap">
        <table className="table" data-testid="webhook-table">
          <caption className="visually-hidden">Webhooks</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Event types</th>
              <th scope="col">Status</th>
              <th scope="col">Deliveries</th>
              <th scope="col">Last delivery</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id} data-testid="webhook-row" aria-selected={w.id === selectedId}>
                <th scope="row" className="cell-main">
                  {w.url}
                  {w.description ? <div className="muted">{w.description}</div> : null}
                </th>
                <td>{describePatterns(w.eventTypes)}</td>
                <td>
                  <span className={`badge webhook-status status-${w.active ? 'active' : 'disabled'}`}>
                    <span className="badge-dot" aria-hidden="true" />
                    {w.active ? 'Active' : 'Disabled'}
                  </span>
                </td>
                <td>
                  {w.deliveries.succeeded} delivered, {w.deliveries.pending} pending, {w.deliveries.failed}{' '}
                  failed
                </td>
                <td>
                  {w.lastDelivery
                    ? `${formatDateTime(w.lastDelivery.at)}: ${
                        w.lastDelivery.ok
                          ? `OK (${w.lastDelivery.statusCode})`
                          : (w.lastDelivery.error ?? 'failed')
                      }`
                    : '—'}
                </td>
                <td>
                  <div className="button-row">
                    <button
                      type="button"
                      className="button small"
                      aria-pressed={w.id === selectedId}
                      aria-label={`Deliveries of ${w.url}`}
                      onClick={() => onSelect(w.id)}
                    >
                      Deliveries
                    </button>
                    {w.active ? (
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Disable ${w.url}`}
                        onClick={() => setConfirming({ webhook: w, action: 'disable' })}
                      >
                        Disable
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Enable ${w.url}`}
                        disabled={update.isPending}
                        onClick={() => update.mutate({ id: w.id, patch: { active: true } })}
                      >
                        Enable
                      </button>
                    )}
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Rotate secret of ${w.url}`}
                      onClick={() => setConfirming({ webhook: w, action: 'rotate' })}
                    >
                      Rotate secret
                    </button>
                    <button
                      type="button"
                      className="button small danger-outline"
                      aria-label={`Remove ${w.url}`}
                      onClick={() => setConfirming({ webhook: w, action: 'remove' })}
                    >
                      Remove
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {confirming ? (
        <ConfirmDialog
          title={
            confirming.action === 'remove'
              ? 'Remove this webhook?'
              : confirming.action === 'disable'
                ? 'Disable this webhook?'
                : 'Rotate the signing secret?'
          }
          confirmLabel={
            confirming.action === 'remove' ? 'Remove' : confirming.action === 'disable' ? 'Disable' : 'Rotate'
          }
          danger={confirming.action !== 'rotate'}
          busy={update.isPending || remove.isPending || rotate.isPending}
          error={problem}
          onCancel={() => {
            setConfirming(null);
            setProblem(null);
          }}
          onConfirm={() => {
            const { webhook, action } = confirming;
            if (action === 'remove') remove.mutate({ id: webhook.id });
            else if (action === 'disable') update.mutate({ id: webhook.id, patch: { active: false } });
            else rotate.mutate({ id: webhook.id });
          }}
        >
          <p>
            {confirming.action === 'remove'
              ? `${confirming.webhook.url} gets no more events, and its delivery log is deleted.`
              : confirming.action === 'disable'
                ? `${confirming.webhook.url} gets no events until it is enabled again.`
                : `Deliveries to ${confirming.webhook.url} are signed with a new secret at once; the receiver needs it.`}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
