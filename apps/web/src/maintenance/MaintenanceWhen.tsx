import { daysBetween } from '@itam/domain';
import type { MaintenanceView } from '../api/trpc.ts';
import { formatDate, formatDateTime, todayIso } from '../lib/format.ts';

/** When the work is planned, was started or ended; planned work past its date is overdue. */
export function MaintenanceWhen({ record }: { record: MaintenanceView }) {
  const today = todayIso();
  const overdue = record.status === 'scheduled' && record.scheduledFor < today;
  if (record.status === 'completed' && record.completedAt) {
    return <span className="muted">Completed {formatDateTime(record.completedAt)}</span>;
  }
  if (record.status === 'in_progress' && record.startedAt) {
    return <span className="muted">Started {formatDateTime(record.startedAt)}</span>;
  }
  if (record.status === 'cancelled') {
    return <span className="muted">Was planned for {formatDate(record.scheduledFor)}</span>;
  }
  const days = overdue ? daysBetween(record.scheduledFor, today) : 0;
  return (
    <span className={overdue ? 'due due-overdue' : 'due'} data-overdue={overdue}>
      {formatDate(record.scheduledFor)}
      {overdue ? (
        <span className="overdue-tag">
          Overdue by {days} {days === 1 ? 'day' : 'days'}
        </span>
      ) : null}
    </span>
  );
}
