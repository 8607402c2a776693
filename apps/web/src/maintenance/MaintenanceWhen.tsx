import type { MaintenanceView } from '../api/trpc.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { maintenanceStatus } from '../lib/overdue.ts';

/**
 * When the work is planned, was started or ended; planned work past its date is overdue, as the
 * server says (the record's `overdue`, on the compliance report's calendar).
 */
export function MaintenanceWhen({ record }: { record: MaintenanceView }) {
  const late = maintenanceStatus(record);
  if (record.status === 'completed' && record.completedAt) {
    return <span className="muted">Completed {formatDateTime(record.completedAt)}</span>;
  }
  if (record.status === 'in_progress' && record.startedAt) {
    return <span className="muted">Started {formatDateTime(record.startedAt)}</span>;
  }
  if (record.status === 'cancelled') {
    return <span className="muted">Was planned for {formatDate(record.scheduledFor)}</span>;
  }
  return (
    <span className={late.overdue ? 'due due-overdue' : 'due'} data-overdue={late.overdue}>
      {formatDate(record.scheduledFor)}
      {late.overdue ? (
        <span className="overdue-tag">
          Overdue by {late.days} {late.days === 1 ? 'day' : 'days'}
        </span>
      ) : null}
    </span>
  );
}
