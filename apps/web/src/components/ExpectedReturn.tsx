import { daysBetween, isOverdue } from '@itam/domain';
import { formatDate, todayIso } from '../lib/format.ts';

/** An assignment's expected return date; past it, the return is overdue and says by how long. */
export function ExpectedReturn({ date }: { date: string | null }) {
  if (!date) return <span className="muted">Not set</span>;
  const today = todayIso();
  const overdue = isOverdue(date, today);
  const days = overdue ? daysBetween(date, today) : 0;
  return (
    <span
      className={overdue ? 'due due-overdue' : 'due'}
      data-testid="expected-return"
      data-overdue={overdue}
    >
      {formatDate(date)}
      {overdue ? (
        <span className="overdue-tag">
          Overdue by {days} {days === 1 ? 'day' : 'days'}
        </span>
      ) : null}
    </span>
  );
}
