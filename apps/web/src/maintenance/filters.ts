import { MAINTENANCE_STATUSES, type MaintenanceStatus } from '@itam/domain';

/** The maintenance list's filters, as they live in the URL: `?status=scheduled&status=in_progress&overdue=1`. */
export interface MaintenanceFilters {
  statuses: MaintenanceStatus[];
  overdue: boolean;
}

const isStatus = (v: string): v is MaintenanceStatus =>
  (MAINTENANCE_STATUSES as readonly string[]).includes(v);

export function maintenanceFiltersFrom(params: URLSearchParams): MaintenanceFilters {
  const picked = new Set(params.getAll('status').flatMap((s) => s.split(',')));
  return {
    // In the domain's order, so the same filter always gives the same URL and query key.
    statuses: MAINTENANCE_STATUSES.filter((s) => picked.has(s) && isStatus(s)),
    overdue: params.get('overdue') === '1',
  };
}

export function searchFromMaintenanceFilters(filters: MaintenanceFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const status of filters.statuses) params.append('status', status);
  if (filters.overdue) params.set('overdue', '1');
  return params;
}

/** The `maintenance.list` input (without the cursor). */
export function maintenanceListInput(filters: MaintenanceFilters) {
  return {
    limit: 50,
    ...(filters.statuses.length ? { status: filters.statuses } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
  };
}
