import { isStage } from '@itam/domain';
import { useHistoryPages } from '../api/pages.ts';
import type { EventView } from '../api/trpc.ts';
import { LifecycleBadge } from '../components/LifecycleBadge.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/format.ts';
import { actionLabel } from '../lib/labels.ts';

const FIELD_NAMES: Record<string, string> = {
  tag: 'asset tag',
  name: 'name',
  model: 'model',
  type: 'type',
  serialNumber: 'serial number',
  condition: 'condition',
  purchaseDate: 'purchase date',
  purchaseCost: 'purchase cost',
  warrantyEnd: 'warranty end',
  location: 'location',
  notes: 'notes',
};

/** Which of the asset's own fields an edit changed. */
function changedFields(event: EventView): string[] {
  if (event.action !== 'updated' || !event.before || !event.after) return [];
  const { before, after } = event;
  return Object.keys(FIELD_NAMES).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

function StageChange({ event }: { event: EventView }) {
  const from = event.before?.stage;
  const to = event.after?.stage;
  if (!isStage(from) || !isStage(to) || from === to) return null;
  return (
    <span className="stage-change">
      <LifecycleBadge stage={from} />
      <span aria-hidden="true">→</span>
      <span className="visually-hidden">to</span>
      <LifecycleBadge stage={to} />
    </span>
  );
}

/** The asset's audit trail, newest first (staff only). Updates live with the rest of the page. */
export function HistoryList({ assetId }: { assetId: string }) {
  const history = useHistoryPages({ id: assetId, limit: 20 });
  const events = history.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="panel history" aria-labelledby="history-title">
      <h2 id="history-title" className="section-title">
        History
      </h2>
      {history.isPending ? (
        <Loading label="Loading history…" />
      ) : history.isError && !history.data ? (
        <ErrorState
          error={history.error}
          title="The history could not be loaded."
          onRetry={() => void history.refetch()}
        />
      ) : events.length === 0 ? (
        <Empty title="No history yet." />
      ) : (
        <>
          <ol className="history-list" data-testid="history-list">
            {events.map((event) => {
              const changed = changedFields(event);
              return (
                <li
                  key={event.id}
                  className="history-item"
                  data-testid="history-item"
                  data-action={event.action}
                >
                  <div className="history-line">
                    <span className="history-action">{actionLabel(event.action)}</span>
                    <StageChange event={event} />
                  </div>
                  {changed.length > 0 ? (
                    <p className="history-detail">Changed {changed.map((c) => FIELD_NAMES[c]).join(', ')}.</p>
                  ) : null}
                  {event.reason ? <p className="history-reason">“{event.reason}”</p> : null}
                  <p className="history-meta">
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                    {' · '}
                    {event.actor ? event.actor.username : 'system'}
                  </p>
                </li>
              );
            })}
          </ol>
          {history.hasNextPage ? (
            <button
              type="button"
              className="button"
              onClick={() => void history.fetchNextPage()}
              disabled={history.isFetchingNextPage}
              aria-busy={history.isFetchingNextPage}
            >
              Load more
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
