import { LICENSE_SORTS, type LicenseSort } from '@itam/domain';

/** The licenses table's filters, as they live in the URL: `?q=office&expiring=30&sort=expiry`. */
export interface LicenseFilters {
  q: string;
  /** Only licenses expiring within this many days (from today); null: any. */
  expiring: number | null;
  sort: LicenseSort;
}

/** The windows the page offers; other numbers in a URL are dropped. */
export const EXPIRY_WINDOWS = [7, 30, 90, 365] as const;

export const NO_LICENSE_FILTERS: LicenseFilters = { q: '', expiring: null, sort: 'name' };

const isSort = (v: string | null): v is LicenseSort =>
  (LICENSE_SORTS as readonly (string | null)[]).includes(v);

export function licenseFiltersFrom(params: URLSearchParams): LicenseFilters {
  const expiring = Number(params.get('expiring'));
  const sort = params.get('sort');
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    expiring: (EXPIRY_WINDOWS as readonly number[]).includes(expiring) ? expiring : null,
    sort: isSort(sort) ? sort : 'name',
  };
}

export function searchFromLicenseFilters(filters: LicenseFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.expiring !== null) params.set('expiring', String(filters.expiring));
  if (filters.sort !== 'name') params.set('sort', filters.sort);
  return params;
}

export function hasLicenseFilters(filters: LicenseFilters): boolean {
  return filters.q.trim() !== '' || filters.expiring !== null;
}

/** The `licenses.list` input (without the cursor). */
export function licenseListInput(filters: LicenseFilters) {
  return {
    limit: 50,
    sort: filters.sort,
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.expiring !== null ? { expiringWithinDays: filters.expiring } : {}),
  };
}
