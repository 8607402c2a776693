import { describe, expect, it } from 'vitest';
import {
  hasMaintenanceFilters,
  maintenanceFiltersFrom,
  maintenanceListInput,
  NO_MAINTENANCE_FILTERS,
  searchFromMaintenanceFilters,
} from './filters.ts';

describe('maintenance filters in the URL', () => {
  it('reads statuses and types in the domain’s order, drops unknown ones, and reads overdue and sort', () => {
    const filters = maintenanceFiltersFrom(
      new URLSearchParams(
        'status=completed&status=scheduled,bogus&type=upgrade,repair&overdue=1&sort=scheduled',
      ),
    );
    expect(filters).toEqual({
      q: '',
      statuses: ['scheduled', 'completed'],
      types: ['repair', 'upgrade'],
      overdue: true,
      sort: 'scheduled',
    });
    expect(searchFromMaintenanceFilters(filters).toString()).toBe(
      'status=scheduled&status=completed&type=repair&type=upgrade&overdue=1&sort=scheduled',
    );
    expect(maintenanceFiltersFrom(searchFromMaintenanceFilters(filters))).toEqual(filters);
  });

  it('falls back to no filters, newest first, for values the API would refuse', () => {
    expect(maintenanceFiltersFrom(new URLSearchParams('type=painting&sort=cost&overdue=yes'))).toEqual(
      NO_MAINTENANCE_FILTERS,
    );
    expect(searchFromMaintenanceFilters(NO_MAINTENANCE_FILTERS).toString()).toBe('');
    expect(hasMaintenanceFilters(NO_MAINTENANCE_FILTERS)).toBe(false);
    // A sort is a view, not a filter: "Clear filters" keeps it.
    expect(hasMaintenanceFilters({ ...NO_MAINTENANCE_FILTERS, sort: 'scheduled' })).toBe(false);
    expect(hasMaintenanceFilters({ ...NO_MAINTENANCE_FILTERS, types: ['repair'] })).toBe(true);
  });

  it('sends only the filters that are set', () => {
    expect(maintenanceListInput(NO_MAINTENANCE_FILTERS)).toEqual({ limit: 50 });
    expect(
      maintenanceListInput({
        q: '  cracked screen ',
        statuses: ['in_progress'],
        types: ['repair'],
        overdue: true,
        sort: 'scheduled',
      }),
    ).toEqual({
      limit: 50,
      q: 'cracked screen',
      status: ['in_progress'],
      type: ['repair'],
      overdue: true,
      sort: 'scheduled',
    });
  });

  it('keeps the search in the URL, trimmed and at most 200 characters, and counts it as a filter', () => {
    const filters = maintenanceFiltersFrom(new URLSearchParams('q=%20LT-0042%20&status=scheduled'));
    expect(filters.q).toBe('LT-0042');
    expect(searchFromMaintenanceFilters(filters).toString()).toBe('q=LT-0042&status=scheduled');
    expect(maintenanceFiltersFrom(new URLSearchParams(`q=${'x'.repeat(300)}`)).q).toHaveLength(200);
    expect(hasMaintenanceFilters({ ...NO_MAINTENANCE_FILTERS, q: 'fan' })).toBe(true);
    expect(hasMaintenanceFilters({ ...NO_MAINTENANCE_FILTERS, q: '   ' })).toBe(false);
  });
});
