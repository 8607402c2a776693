import { isRole, type Role, USER_SORTS, USER_STATUSES, type UserSort, type UserStatus } from '@itam/domain';

/** The users table's filters, as they live in the URL: `?q=dana&role=manager&status=disabled&sort=newest`. */
export interface UserFilters {
  q: string;
  role: Role | null;
  status: UserStatus | null;
  sort: UserSort;
}

export const NO_USER_FILTERS: UserFilters = { q: '', role: null, status: null, sort: 'username' };

const isStatus = (v: string | null): v is UserStatus =>
  (USER_STATUSES as readonly (string | null)[]).includes(v);
const isSort = (v: string | null): v is UserSort => (USER_SORTS as readonly (string | null)[]).includes(v);

export function userFiltersFrom(params: URLSearchParams): UserFilters {
  const role = params.get('role');
  const status = params.get('status');
  const sort = params.get('sort');
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    role: role && isRole(role) ? role : null,
    status: isStatus(status) ? status : null,
    sort: isSort(sort) ? sort : 'username',
  };
}

export function searchFromUserFilters(filters: UserFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.role) params.set('role', filters.role);
  if (filters.status) params.set('status', filters.status);
  if (filters.sort !== 'username') params.set('sort', filters.sort);
  return params;
}

export function hasUserFilters(filters: UserFilters): boolean {
  return filters.q.trim() !== '' || filters.role !== null || filters.status !== null;
}

/** The `users.list` input (without the cursor). */
export function userListInput(filters: UserFilters) {
  return {
    limit: 50,
    sort: filters.sort,
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
}
