import {
  MAINTENANCE_SORTS,
  MAINTENANCE_STATUSES,
  MAINTENANCE_TYPES,
  type MaintenanceSort,
  type MaintenanceStatus,
  type MaintenanceType,
} from '@itam/domain';

/**
 * The maintenance list's filters, as they live in the URL:
 * `?status=scheduled&status=in_progress&type=repair&overdue=1&q=screen&sort=scheduled`.
 */
export interface MaintenanceFilters {
  /** Words of the record or of its asset (tag, name, serial). */
  q: string;
  statuses: MaintenanceStatus[];
  types: MaintenanceType[];
  overdue: boolean;
  sort: MaintenanceSort;
}

export const NO_MAINTENANCE_FILTERS: MaintenanceFilters = {
  q: '',
  statuses: [],
  types: [],
  overdue: false,
  sort: 'recent',
};

const isSort = (v: string | null): v is MaintenanceSort =>
  (MAINTENANCE_SORTS as readonly (string | null)[]).includes(v);

/** Every value of `key`, comma-separated or repeated. */
const picked = (params: URLSearchParams, key: string) =>
  new Set(params.getAll(key).flatMap((s) => s.split(',')));

export function maintenanceFiltersFrom(params: URLSearchParams): MaintenanceFilters {
  const statuses = picked(params, 'status');
  const types = picked(params, 'type');
  const sort = params.get('sort');
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    // In the domain's order, so the same filter always gives the same URL and query key.
    statuses: MAINTENANCE_STATUSES.filter((s) => statuses.has(s)),
    types: MAINTENANCE_TYPES.filter((t) => types.has(t)),
    overdue: params.get('overdue') === '1',
    sort: isSort(sort) ? sort : 'recent',
  };
}

export function searchFromMaintenanceFilters(filters: MaintenanceFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  for (const status of filters.statuses) params.append('status', status);
  for (const type of filters.types) params.append('type', type);
  if (filters.overdue) params.set('overdue', '1');
  if (filters.sort !== 'recent') params.set('sort', filters.sort);
  return params;
}

export function hasMaintenanceFilters(filters: MaintenanceFilters): boolean {
  return (
    filters.q.trim() !== '' || filters.statuses.length > 0 || filters.types.length > 0 || filters.overdue
  );
}

/** The `maintenance.list` input (without the cursor). */
export function maintenanceListInput(filters: MaintenanceFilters) {
  return {
    limit: 50,
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.statuses.length ? { status: filters.statuses } : {}),
    ...(filters.types.length ? { type: filters.types } : {}),
    ...(filters.overdue ? { overdue: true } : {}),
    ...(filters.sort !== 'recent' ? { sort: filters.sort } : {}),
  };
}
