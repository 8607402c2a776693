import { ASSIGNABLE_STAGES, can, includesStage, STAGE_LABELS, scopeOf } from '@itam/domain';
import { skipToken } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { type AssetView, trpc } from '../api/trpc.ts';
import { assignmentsLink } from '../assignments/filters.ts';
import { ExpectedReturn } from '../components/ExpectedReturn.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useUser } from '../session/session.tsx';
import { CheckInDialog } from './CheckInDialog.tsx';
import { CheckOutDialog } from './CheckOutDialog.tsx';

/**
 * Who holds the asset, since when and until when (overdue highlighted); for staff, "Check out"
 * while it is in stock and free, and "Check in" while someone holds it, and a link to every
 * assignment the asset has had.
 */
export function AssignmentPanel({ asset }: { asset: AssetView }) {
  const user = useUser();
  const manage = can(user, 'assignment.manage');
  // Staff read everyone's assignments, so the asset's whole history is a link away.
  const everyone = scopeOf(user, 'assignment.read') === 'all';
  const [dialog, setDialog] = useState<'out' | 'in' | null>(null);
  const held = asset.holder !== null;
  const open = trpc.assignments.list.useQuery(
    held ? { assetId: asset.id, state: 'open', limit: 1 } : skipToken,
  );
  const assignment = held ? open.data?.items.find((a) => a.user.id === asset.holder?.id) : undefined;
  const assignable = includesStage(ASSIGNABLE_STAGES, asset.stage);

  return (
    <section className="panel assignment" aria-labelledby="assignment-title" data-testid="assignment-panel">
      <div className="section-head">
        <h2 id="assignment-title" className="section-title">
          Assignment
        </h2>
        {manage && held ? (
          <button type="button" className="button" onClick={() => setDialog('in')}>
            Check in
          </button>
        ) : manage && assignable ? (
          <button type="button" className="button primary" onClick={() => setDialog('out')}>
            Check out
          </button>
        ) : null}
      </div>
      {asset.holder ? (
        <dl className="details">
          <div className="details-item">
            <dt>Holder</dt>
            <dd data-testid="asset-holder">
              {asset.holder.username} <span className="muted">({asset.holder.email})</span>
            </dd>
          </div>
          <div className="details-item">
            <dt>Since</dt>
            <dd>{assignment ? formatDateTime(assignment.startedAt) : <span className="muted">—</span>}</dd>
          </div>
          <div className="details-item">
            <dt>Expected return</dt>
            <dd>
              {assignment ? (
                <ExpectedReturn date={assignment.expectedReturn} overdue={assignment.overdue} />
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
          </div>
          {assignment?.note ? (
            <div className="details-item span-all">
              <dt>Note</dt>
              <dd className="notes">{assignment.note}</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p className="muted" data-testid="asset-holder-none">
          Not checked out.
          {manage && !assignable
            ? ` Only an asset that is ${ASSIGNABLE_STAGES.map((s) => STAGE_LABELS[s].toLowerCase()).join(' or ')} can be checked out.`
            : ''}
        </p>
      )}
      {everyone ? (
        <p className="panel-link">
          <Link to={assignmentsLink({ assetId: asset.id })}>All assignments of this asset</Link>
        </p>
      ) : null}
      {dialog === 'out' ? <CheckOutDialog asset={asset} onClose={() => setDialog(null)} /> : null}
      {dialog === 'in' ? <CheckInDialog asset={asset} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}
