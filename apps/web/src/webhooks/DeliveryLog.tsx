import { useState } from 'react';
import { errorMessage } from '../api/errors.ts';
import { type RouterOutputs, trpc } from '../api/trpc.ts';
import { Empty, ErrorState, FormError, Loading } from '../components/States.tsx';
import { useToast } from '../components/Toasts.tsx';
import { formatDateTime } from '../lib/format.ts';

type DeliveryView = RouterOutputs['webhooks']['deliveries']['items'][number];
type AttemptView = DeliveryView['log'][number];

const STATUS_LABELS = { pending: 'Pending', succeeded: 'Delivered', failed: 'Failed' } as const;

/** Deliveries are not audit events: the log is read again every few seconds while it is open. */
const REFRESH_MS = 2_000;

function attemptText(a: AttemptView): string {
  const result = a.ok ? `${a.statusCode} OK` : (a.error ?? `HTTP ${a.statusCode}`);
  return `#${a.attempt} ${formatDateTime(a.at)}: ${result} in ${a.durationMs} ms`;
}

/** One webhook's deliveries, newest first, each with its attempts and a "Redeliver" button. */
export function DeliveryLog({ webhookId, url }: { webhookId: string; url: string }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [problem, setProblem] = useState<string | null>(null);
  const list = trpc.webhooks.deliveries.useQuery({ webhookId, limit: 50 }, { refetchInterval: REFRESH_MS });
  const redeliver = trpc.webhooks.redeliver.useMutation({
    onSuccess: (d) => {
      setProblem(null);
      void utils.webhooks.deliveries.invalidate({ webhookId });
      toast(`Event ${d.eventId} will be sent again.`);
    },
    onError: (error) => setProblem(errorMessage(error)),
  });
  const deliveries = list.data?.items ?? [];

  return (
    <section aria-labelledby="delivery-log-title" className="webhook-section delivery-log">
      <h2 id="delivery-log-title">Deliveries to {url}</h2>
      <FormError message={problem} />
      {list.isPending ? (
        <Loading label="Loading deliveries…" />
      ) : list.isError && !list.data ? (
        <ErrorState
          error={list.error}
          title="The deliveries could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : deliveries.length === 0 ? (
        <Empty title="No deliveries yet.">
          <p>Events of the chosen types that happen from now on are delivered here.</p>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="delivery-table">
            <caption className="visually-hidden">Deliveries to {url}</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Next attempt</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} data-testid="delivery-row" data-status={d.status}>
                  <th scope="row" className="cell-main">
                    {d.eventType} <span className="muted">#{d.eventId}</span>
                  </th>
                  <td>
                    <span className={`badge webhook-status status-${d.status}`}>
                      <span className="badge-dot" aria-hidden="true" />
                      {STATUS_LABELS[d.status]}
                    </span>
                  </td>
                  <td>
                    {d.log.length === 0 ? (
                      'None yet'
                    ) : (
                      <details>
                        <summary>{d.log.length === 1 ? '1 attempt' : `${d.log.length} attempts`}</summary>
                        <ol className="delivery-attempts" reversed>
                          {d.log.map((a) => (
                            <li key={a.attempt}>{attemptText(a)}</li>
                          ))}
                        </ol>
                      </details>
                    )}
                  </td>
                  <td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Redeliver event ${d.eventId}`}
                      disabled={redeliver.isPending}
                      onClick={() => redeliver.mutate({ id: d.id })}
                    >
                      Redeliver
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
