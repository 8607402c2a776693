import { describe, expect, it } from 'vitest';
import { maintenanceFiltersFrom, maintenanceListInput, searchFromMaintenanceFilters } from './filters.ts';

describe('maintenance filters in the URL', () => {
  it('reads statuses in the domain’s order, drops unknown ones, and reads overdue', () => {
    const filters = maintenanceFiltersFrom(
      new URLSearchParams('status=completed&status=scheduled,bogus&overdue=1'),
    );
    expect(filters).toEqual({ statuses: ['scheduled', 'completed'], overdue: true });
    expect(searchFromMaintenanceFilters(filters).toString()).toBe(
      'status=scheduled&status=completed&overdue=1',
    );
  });

  it('sends only the filters that are set', () => {
    expect(maintenanceListInput({ statuses: [], overdue: false })).toEqual({ limit: 50 });
    expect(maintenanceListInput({ statuses: ['in_progress'], overdue: true })).toEqual({
      limit: 50,
      status: ['in_progress'],
      overdue: true,
    });
  });
});
