import type { MaintenanceStatus } from '@itam/domain';
import { MAINTENANCE_STATUS_LABELS } from '../lib/labels.ts';

export function MaintenanceStatusBadge({ status }: { status: MaintenanceStatus }) {
  return (
    <span className={`badge maintenance-${status}`} data-testid="maintenance-status" data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {MAINTENANCE_STATUS_LABELS[status]}
    </span>
  );
}
