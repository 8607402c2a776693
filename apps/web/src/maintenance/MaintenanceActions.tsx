import { can, MAINTENANCE_TRANSITIONS } from '@itam/domain';
import { useState } from 'react';
import { errorMessage } from '../api/errors.ts';
import { staleAfter, useRefresh } from '../api/refresh.ts';
import { type MaintenanceView, trpc } from '../api/trpc.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { useToast } from '../components/Toasts.tsx';
import { MAINTENANCE_TYPE_LABELS } from '../lib/labels.ts';
import { useUser } from '../session/session.tsx';

/**
 * "Start", "Complete" and "Cancel" for one record, as its status allows (staff only). Cancelling
 * asks first. A refusal (the asset cannot go into maintenance from where it is) is shown in words.
 */
export function MaintenanceActions({
  record,
  describedBy,
}: {
  record: MaintenanceView;
  /** The id of what names the record, so "Start" is read as "Start, Repair of IT-01002". */
  describedBy?: string;
}) {
  const user = useUser();
  const toast = useToast();
  const refresh = useRefresh();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const what = `${MAINTENANCE_TYPE_LABELS[record.type].toLowerCase()} of ${record.asset.tag}`;
  const done = (verb: string) => () => {
    refresh(staleAfter.maintenance(record.asset.id));
    toast(`${verb} the ${what}.`);
  };
  const refused = (error: unknown) => {
    refresh(staleAfter.maintenance(record.asset.id));
    toast(errorMessage(error), 'error');
  };
  const start = trpc.maintenance.start.useMutation({ onSuccess: done('Started'), onError: refused });
  const complete = trpc.maintenance.complete.useMutation({ onSuccess: done('Completed'), onError: refused });
  const cancel = trpc.maintenance.cancel.useMutation({
    onSuccess: () => {
      setConfirmCancel(false);
      done('Cancelled')();
    },
    onError: () => refresh(staleAfter.maintenance(record.asset.id)),
  });

  if (!can(user, 'maintenance.manage')) return null;
  const next = MAINTENANCE_TRANSITIONS[record.status];
  if (next.length === 0) return null;
  const busy = start.isPending || complete.isPending || cancel.isPending;

  return (
    <div className="button-row maintenance-actions">
      {next.includes('in_progress') ? (
        <button
          type="button"
          className="button small"
          disabled={busy}
          aria-busy={start.isPending}
          aria-describedby={describedBy}
          onClick={() => start.mutate({ id: record.id })}
        >
          Start
        </button>
      ) : null}
      {next.includes('completed') ? (
        <button
          type="button"
          className="button small primary"
          disabled={busy}
          aria-busy={complete.isPending}
          aria-describedby={describedBy}
          onClick={() => complete.mutate({ id: record.id })}
        >
          Complete
        </button>
      ) : null}
      {next.includes('cancelled') ? (
        <button
          type="button"
          className="button small danger-outline"
          disabled={busy}
          aria-describedby={describedBy}
          onClick={() => {
            cancel.reset();
            setConfirmCancel(true);
          }}
        >
          Cancel
        </button>
      ) : null}
      {confirmCancel ? (
        <ConfirmDialog
          title={`Cancel the ${what}?`}
          confirmLabel="Cancel maintenance"
          danger
          busy={cancel.isPending}
          error={cancel.error ? errorMessage(cancel.error) : null}
          onConfirm={() => cancel.mutate({ id: record.id })}
          onCancel={() => setConfirmCancel(false)}
        >
          <p>
            {record.status === 'in_progress'
              ? 'The work stops and the asset leaves maintenance (back to its holder, or to stock).'
              : 'The planned work will not happen. The record is kept.'}
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
