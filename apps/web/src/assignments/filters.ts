import {
  ASSIGNMENT_SORTS,
  ASSIGNMENT_STATES,
  type AssignmentSort,
  DEFAULT_ASSIGNMENT_ORDER,
  Id,
  SORT_ORDERS,
  type SortOrder,
} from '@itam/domain';

export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

/**
 * The assignments list's view, as it lives in the URL:
 * `?state=overdue&holder=<user id>&asset=<asset id>&q=dana&sort=expectedReturn&order=desc`.
 * Without `state` the list shows the open assignments, as `assignments.list` does; without
 * `sort` the latest check-outs come first; without `order` a sort takes its own default.
 */
export interface AssignmentFilters {
  state: AssignmentState;
  holderId: string | null;
  assetId: string | null;
  q: string;
  sort: AssignmentSort;
  order: SortOrder;
}

export const NO_ASSIGNMENT_FILTERS: AssignmentFilters = {
  state: 'open',
  holderId: null,
  assetId: null,
  q: '',
  sort: 'checkedOut',
  order: DEFAULT_ASSIGNMENT_ORDER.checkedOut,
};

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: string | null): v is T =>
    (values as readonly (string | null)[]).includes(v);
const isState = oneOf(ASSIGNMENT_STATES);
const isSort = oneOf(ASSIGNMENT_SORTS);
const isOrder = oneOf(SORT_ORDERS);

/** An id the API would accept, or null: a mangled link shows the unfiltered list, not an error. */
const idOrNull = (v: string | null) => (Id.safeParse(v).success ? v : null);

export function assignmentFiltersFrom(params: URLSearchParams): AssignmentFilters {
  const state = params.get('state');
  const sort = params.get('sort');
  const order = params.get('order');
  const sortOrDefault = isSort(sort) ? sort : 'checkedOut';
  return {
    state: isState(state) ? state : 'open',
    holderId: idOrNull(params.get('holder')),
    assetId: idOrNull(params.get('asset')),
    q: (params.get('q') ?? '').trim().slice(0, 200),
    sort: sortOrDefault,
    order: isOrder(order) ? order : DEFAULT_ASSIGNMENT_ORDER[sortOrDefault],
  };
}

export function searchFromAssignmentFilters(filters: AssignmentFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state !== 'open') params.set('state', filters.state);
  if (filters.holderId) params.set('holder', filters.holderId);
  if (filters.assetId) params.set('asset', filters.assetId);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.sort !== 'checkedOut') params.set('sort', filters.sort);
  if (filters.order !== DEFAULT_ASSIGNMENT_ORDER[filters.sort]) params.set('order', filters.order);
  return params;
}

/** Whether the list is narrower than the default (open assignments of everyone, for every asset). */
export function hasAssignmentFilters(filters: AssignmentFilters): boolean {
  return (
    filters.state !== 'open' ||
    filters.holderId !== null ||
    filters.assetId !== null ||
    filters.q.trim() !== ''
  );
}

/**
 * The view after a click on a column's header: the same column turns the order around; another
 * column sorts by it in its own default order (soonest due first, latest check-out first).
 */
export function sortedBy(filters: AssignmentFilters, sort: AssignmentSort): AssignmentFilters {
  if (filters.sort === sort) return { ...filters, order: filters.order === 'asc' ? 'desc' : 'asc' };
  return { ...filters, sort, order: DEFAULT_ASSIGNMENT_ORDER[sort] };
}

/** The `assignments.list` input (without the cursor). */
export function assignmentListInput(filters: AssignmentFilters) {
  return {
    limit: 50,
    state: filters.state,
    sort: filters.sort,
    order: filters.order,
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.holderId ? { userId: filters.holderId } : {}),
    ...(filters.assetId ? { assetId: filters.assetId } : {}),
  };
}

/** Where "their assignments" links go: every assignment (open and returned) of a holder or an asset. */
export function assignmentsLink(of: { holderId: string } | { assetId: string }): string {
  const filters: AssignmentFilters = {
    ...NO_ASSIGNMENT_FILTERS,
    state: 'all',
    ...('holderId' in of ? { holderId: of.holderId } : { assetId: of.assetId }),
  };
  return `/assignments?${searchFromAssignmentFilters(filters)}`;
}
