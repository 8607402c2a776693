import { describe, expect, it } from 'vitest';
import {
  hasLicenseFilters,
  licenseFiltersFrom,
  licenseListInput,
  NO_LICENSE_FILTERS,
  searchFromLicenseFilters,
} from './filters.ts';

describe('license filters in the URL', () => {
  it('round-trips search, expiry window and sort', () => {
    const filters = licenseFiltersFrom(new URLSearchParams('q=%20office%20&expiring=30&sort=expiry'));
    expect(filters).toEqual({ q: ' office ', expiring: 30, sort: 'expiry' });
    expect(searchFromLicenseFilters(filters).toString()).toBe('q=office&expiring=30&sort=expiry');
    expect(licenseFiltersFrom(searchFromLicenseFilters(filters))).toEqual({ ...filters, q: 'office' });
    expect(licenseListInput(filters)).toEqual({
      limit: 50,
      sort: 'expiry',
      q: 'office',
      expiringWithinDays: 30,
    });
  });

  it('drops windows the page does not offer and unknown sorts; the defaults leave the URL empty', () => {
    expect(licenseFiltersFrom(new URLSearchParams('expiring=31&sort=vendor'))).toEqual(NO_LICENSE_FILTERS);
    expect(licenseFiltersFrom(new URLSearchParams('expiring=-7'))).toEqual(NO_LICENSE_FILTERS);
    expect(licenseFiltersFrom(new URLSearchParams('expiring='))).toEqual(NO_LICENSE_FILTERS);
    expect(searchFromLicenseFilters(NO_LICENSE_FILTERS).toString()).toBe('');
    expect(licenseListInput(NO_LICENSE_FILTERS)).toEqual({ limit: 50, sort: 'name' });
  });

  it('counts search and window as filters, not the sort', () => {
    expect(hasLicenseFilters(NO_LICENSE_FILTERS)).toBe(false);
    expect(hasLicenseFilters({ ...NO_LICENSE_FILTERS, sort: 'expiry' })).toBe(false);
    expect(hasLicenseFilters({ ...NO_LICENSE_FILTERS, q: '  ' })).toBe(false);
    expect(hasLicenseFilters({ ...NO_LICENSE_FILTERS, expiring: 7 })).toBe(true);
  });
});
