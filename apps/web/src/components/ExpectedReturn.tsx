import { formatDate } from '../lib/format.ts';
import { returnStatus } from '../lib/overdue.ts';

/**
 * An assignment's expected return date; past it (as the server says: `overdue`), the return is
 * overdue and says by how long.
 */
export function ExpectedReturn({ date, overdue }: { date: string | null; overdue: boolean }) {
  if (!date) return <span className="muted">Not set</span>;
  const status = returnStatus({ expectedReturn: date, overdue });
  return (
    <span
      className={status.overdue ? 'due due-overdue' : 'due'}
      data-testid="expected-return"
      data-overdue={status.overdue}
    >
      {formatDate(date)}
      {status.overdue ? (
        <span className="overdue-tag">
          Overdue by {status.days} {status.days === 1 ? 'day' : 'days'}
        </span>
      ) : null}
    </span>
  );
}
