import { describe, expect, it } from 'vitest';
import {
  hasUserFilters,
  NO_USER_FILTERS,
  searchFromUserFilters,
  userFiltersFrom,
  userListInput,
} from './filters.ts';

describe('user filters in the URL', () => {
  it('round-trips search, role, status and sort', () => {
    const filters = userFiltersFrom(new URLSearchParams('q=dana&role=manager&status=disabled&sort=newest'));
    expect(filters).toEqual({ q: 'dana', role: 'manager', status: 'disabled', sort: 'newest' });
    expect(searchFromUserFilters(filters).toString()).toBe('q=dana&role=manager&status=disabled&sort=newest');
    expect(userFiltersFrom(searchFromUserFilters(filters))).toEqual(filters);
    expect(userListInput(filters)).toEqual({
      limit: 50,
      sort: 'newest',
      q: 'dana',
      role: 'manager',
      status: 'disabled',
    });
  });

  it('drops values the API would refuse; the defaults leave the URL empty', () => {
    expect(userFiltersFrom(new URLSearchParams('role=owner&status=gone&sort=email'))).toEqual(
      NO_USER_FILTERS,
    );
    expect(searchFromUserFilters(NO_USER_FILTERS).toString()).toBe('');
    expect(userListInput(NO_USER_FILTERS)).toEqual({ limit: 50, sort: 'username' });
  });

  it('counts search, role and status as filters, not the sort', () => {
    expect(hasUserFilters({ ...NO_USER_FILTERS, sort: 'newest' })).toBe(false);
    expect(hasUserFilters({ ...NO_USER_FILTERS, status: 'active' })).toBe(true);
    expect(hasUserFilters({ ...NO_USER_FILTERS, role: 'admin' })).toBe(true);
  });
});
