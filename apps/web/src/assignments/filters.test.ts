import { describe, expect, it } from 'vitest';
import {
  assignmentFiltersFrom,
  assignmentListInput,
  hasAssignmentFilters,
  NO_ASSIGNMENT_FILTERS,
  searchFromAssignmentFilters,
} from './filters.ts';

const HOLDER = '0b6c2f4e-8d1a-4c3b-9e7f-2a5d6c8b1e40';
const ASSET = '7f3e9a21-4b6d-4e8c-a1f2-9c0d3b5e7a68';

describe('assignment filters in the URL', () => {
  it('reads the state, the holder and the asset, and writes them back the same', () => {
    const filters = assignmentFiltersFrom(
      new URLSearchParams(`state=overdue&holder=${HOLDER}&asset=${ASSET}`),
    );
    expect(filters).toEqual({ state: 'overdue', holderId: HOLDER, assetId: ASSET });
    expect(searchFromAssignmentFilters(filters).toString()).toBe(
      `state=overdue&holder=${HOLDER}&asset=${ASSET}`,
    );
    expect(assignmentFiltersFrom(searchFromAssignmentFilters(filters))).toEqual(filters);
    for (const state of ['open', 'overdue', 'closed', 'all'] as const)
      expect(assignmentFiltersFrom(searchFromAssignmentFilters({ ...filters, state })).state).toBe(state);
  });

  it('falls back to the open assignments of everyone for values the API would refuse', () => {
    expect(assignmentFiltersFrom(new URLSearchParams('state=late&holder=dana&asset=42'))).toEqual(
      NO_ASSIGNMENT_FILTERS,
    );
    expect(searchFromAssignmentFilters(NO_ASSIGNMENT_FILTERS).toString()).toBe('');
    expect(hasAssignmentFilters(NO_ASSIGNMENT_FILTERS)).toBe(false);
    expect(hasAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, state: 'all' })).toBe(true);
    expect(hasAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, holderId: HOLDER })).toBe(true);
    expect(hasAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, assetId: ASSET })).toBe(true);
  });

  it('sends the state always and the holder and asset only when set', () => {
    expect(assignmentListInput(NO_ASSIGNMENT_FILTERS)).toEqual({ limit: 50, state: 'open' });
    expect(assignmentListInput({ state: 'closed', holderId: HOLDER, assetId: ASSET })).toEqual({
      limit: 50,
      state: 'closed',
      userId: HOLDER,
      assetId: ASSET,
    });
  });
});
