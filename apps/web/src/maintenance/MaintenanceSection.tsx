import { can } from '@itam/domain';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { type AssetView, trpc } from '../api/trpc.ts';
import { MaintenanceStatusBadge } from '../components/MaintenanceStatusBadge.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { formatMoney } from '../lib/format.ts';
import { MAINTENANCE_TYPE_LABELS } from '../lib/labels.ts';
import { useUser } from '../session/session.tsx';
import { MaintenanceActions } from './MaintenanceActions.tsx';
import { MaintenanceWhen } from './MaintenanceWhen.tsx';
import { ScheduleMaintenanceDialog } from './ScheduleMaintenanceDialog.tsx';

/** The asset's maintenance records, newest first; staff schedule, start, complete and cancel. */
export function MaintenanceSection({ asset }: { asset: AssetView }) {
  const user = useUser();
  const [scheduling, setScheduling] = useState(false);
  const list = trpc.maintenance.list.useQuery({ assetId: asset.id, limit: 50 });
  const records = list.data?.items ?? [];
  const manage = can(user, 'maintenance.manage');

  // Links from the maintenance list and the compliance report end in #maintenance: once the
  // records are in, bring the section into view.
  const { hash } = useLocation();
  const loaded = !list.isPending;
  useEffect(() => {
    if (loaded && hash === '#maintenance') document.getElementById('maintenance')?.scrollIntoView();
  }, [loaded, hash]);

  return (
    <section
      className="panel"
      id="maintenance"
      aria-labelledby="maintenance-title"
      data-testid="maintenance-section"
    >
      <div className="section-head">
        <h2 id="maintenance-title" className="section-title">
          Maintenance
        </h2>
        {manage && asset.stage !== 'disposed' ? (
          <button type="button" className="button" onClick={() => setScheduling(true)}>
            Schedule maintenance
          </button>
        ) : null}
      </div>
      {list.isPending ? (
        <Loading label="Loading maintenance…" />
      ) : list.isError && !list.data ? (
        <ErrorState
          error={list.error}
          title="The maintenance could not be loaded."
          onRetry={() => void list.refetch()}
        />
      ) : records.length === 0 ? (
        <p className="muted">No maintenance recorded.</p>
      ) : (
        <ul className="maintenance-list">
          {records.map((record) => {
            const titleId = `maintenance-${record.id}`;
            return (
              <li
                key={record.id}
                className="maintenance-item"
                data-testid="maintenance-item"
                data-status={record.status}
              >
                <div className="maintenance-line">
                  <span className="maintenance-type" id={titleId}>
                    {MAINTENANCE_TYPE_LABELS[record.type]}
                    <span className="visually-hidden"> of {asset.tag}</span>
                  </span>
                  <MaintenanceStatusBadge status={record.status} />
                  <MaintenanceWhen record={record} />
                </div>
                <p className="maintenance-details">{record.details}</p>
                {record.note ? <p className="history-reason">“{record.note}”</p> : null}
                <div className="maintenance-foot">
                  <span className="muted">
                    {record.cost !== null ? `Cost ${formatMoney(record.cost)}` : 'No cost recorded'}
                  </span>
                  <MaintenanceActions record={record} describedBy={titleId} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {list.data?.nextCursor ? <p className="field-hint">Showing the latest 50 records.</p> : null}
      {scheduling ? <ScheduleMaintenanceDialog asset={asset} onClose={() => setScheduling(false)} /> : null}
    </section>
  );
}
