import { ASSIGNMENT_SORTS, SORT_ORDERS } from '@itam/domain';
import { describe, expect, it } from 'vitest';
import {
  assignmentFiltersFrom,
  assignmentListInput,
  assignmentsLink,
  hasAssignmentFilters,
  NO_ASSIGNMENT_FILTERS,
  searchFromAssignmentFilters,
  sortedBy,
} from './filters.ts';

const HOLDER = '0b6c2f4e-8d1a-4c3b-9e7f-2a5d6c8b1e40';
const ASSET = '7f3e9a21-4b6d-4e8c-a1f2-9c0d3b5e7a68';

describe('assignment filters in the URL', () => {
  it('reads the state, holder, asset, search and sort, and writes them back the same', () => {
    const filters = assignmentFiltersFrom(
      new URLSearchParams(
        `state=overdue&holder=${HOLDER}&asset=${ASSET}&q=dana&sort=expectedReturn&order=desc`,
      ),
    );
    expect(filters).toEqual({
      state: 'overdue',
      holderId: HOLDER,
      assetId: ASSET,
      q: 'dana',
      sort: 'expectedReturn',
      order: 'desc',
    });
    expect(searchFromAssignmentFilters(filters).toString()).toBe(
      `state=overdue&holder=${HOLDER}&asset=${ASSET}&q=dana&sort=expectedReturn&order=desc`,
    );
    expect(assignmentFiltersFrom(searchFromAssignmentFilters(filters))).toEqual(filters);
    for (const state of ['open', 'overdue', 'closed', 'all'] as const)
      expect(assignmentFiltersFrom(searchFromAssignmentFilters({ ...filters, state })).state).toBe(state);
    for (const sort of ASSIGNMENT_SORTS)
      for (const order of SORT_ORDERS)
        expect(assignmentFiltersFrom(searchFromAssignmentFilters({ ...filters, sort, order }))).toEqual({
          ...filters,
          sort,
          order,
        });
  });

  it('leaves a sort’s own default order out of the URL, and reads it back when missing', () => {
    expect(
      searchFromAssignmentFilters({
        ...NO_ASSIGNMENT_FILTERS,
        sort: 'expectedReturn',
        order: 'asc',
      }).toString(),
    ).toBe('sort=expectedReturn');
    expect(assignmentFiltersFrom(new URLSearchParams('sort=expectedReturn'))).toMatchObject({
      sort: 'expectedReturn',
      order: 'asc',
    });
    expect(assignmentFiltersFrom(new URLSearchParams('sort=returned'))).toMatchObject({ order: 'desc' });
    expect(assignmentFiltersFrom(new URLSearchParams('order=asc')).order).toBe('asc');
    expect(searchFromAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, order: 'asc' }).toString()).toBe(
      'order=asc',
    );
  });

  it('falls back to the open assignments of everyone, latest first, for values the API would refuse', () => {
    expect(
      assignmentFiltersFrom(
        new URLSearchParams('state=late&holder=dana&asset=42&sort=holder&order=up&q=%20%20'),
      ),
    ).toEqual(NO_ASSIGNMENT_FILTERS);
    expect(assignmentFiltersFrom(new URLSearchParams(`q=${'x'.repeat(300)}`)).q).toHaveLength(200);
    expect(searchFromAssignmentFilters(NO_ASSIGNMENT_FILTERS).toString()).toBe('');
    expect(hasAssignmentFilters(NO_ASSIGNMENT_FILTERS)).toBe(false);
    expect(hasAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, state: 'all' })).toBe(true);
    expect(hasAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, holderId: HOLDER })).toBe(true);
    expect(hasAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, assetId: ASSET })).toBe(true);
    expect(hasAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, q: 'lap' })).toBe(true);
    // A sort narrows nothing.
    expect(hasAssignmentFilters({ ...NO_ASSIGNMENT_FILTERS, sort: 'returned', order: 'asc' })).toBe(false);
  });

  it('a header click turns the same column around, or sorts another in its own default order', () => {
    const byDue = sortedBy(NO_ASSIGNMENT_FILTERS, 'expectedReturn');
    expect(byDue).toMatchObject({ sort: 'expectedReturn', order: 'asc' });
    expect(sortedBy(byDue, 'expectedReturn')).toMatchObject({ sort: 'expectedReturn', order: 'desc' });
    expect(sortedBy(sortedBy(byDue, 'expectedReturn'), 'expectedReturn')).toEqual(byDue);
    expect(sortedBy(NO_ASSIGNMENT_FILTERS, 'checkedOut')).toMatchObject({ sort: 'checkedOut', order: 'asc' });
    expect(sortedBy({ ...byDue, order: 'desc' }, 'returned')).toMatchObject({
      sort: 'returned',
      order: 'desc',
    });
    expect(sortedBy({ ...byDue, q: 'lap', holderId: HOLDER }, 'returned')).toMatchObject({
      q: 'lap',
      holderId: HOLDER,
    });
  });

  it('sends the state and sort always, and the search, holder and asset only when set', () => {
    expect(assignmentListInput(NO_ASSIGNMENT_FILTERS)).toEqual({
      limit: 50,
      state: 'open',
      sort: 'checkedOut',
      order: 'desc',
    });
    expect(
      assignmentListInput({
        state: 'closed',
        holderId: HOLDER,
        assetId: ASSET,
        q: ' lap ',
        sort: 'returned',
        order: 'asc',
      }),
    ).toEqual({
      limit: 50,
      state: 'closed',
      sort: 'returned',
      order: 'asc',
      q: 'lap',
      userId: HOLDER,
      assetId: ASSET,
    });
  });

  it('links to every assignment of a holder or of an asset', () => {
    expect(assignmentsLink({ holderId: HOLDER })).toBe(`/assignments?state=all&holder=${HOLDER}`);
    expect(assignmentsLink({ assetId: ASSET })).toBe(`/assignments?state=all&asset=${ASSET}`);
  });
});
