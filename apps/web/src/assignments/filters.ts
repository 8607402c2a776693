import { ASSIGNMENT_STATES, Id } from '@itam/domain';

export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

/**
 * The assignments list's filters, as they live in the URL:
 * `?state=overdue&holder=<user id>&asset=<asset id>`. Without `state` the list shows the open
 * assignments, as `assignments.list` does.
 */
export interface AssignmentFilters {
  state: AssignmentState;
  holderId: string | null;
  assetId: string | null;
}

export const NO_ASSIGNMENT_FILTERS: AssignmentFilters = { state: 'open', holderId: null, assetId: null };

const isState = (v: string | null): v is AssignmentState =>
  (ASSIGNMENT_STATES as readonly (string | null)[]).includes(v);

/** An id the API would accept, or null: a mangled link shows the unfiltered list, not an error. */
const idOrNull = (v: string | null) => (Id.safeParse(v).success ? v : null);

export function assignmentFiltersFrom(params: URLSearchParams): AssignmentFilters {
  const state = params.get('state');
  return {
    state: isState(state) ? state : 'open',
    holderId: idOrNull(params.get('holder')),
    assetId: idOrNull(params.get('asset')),
  };
}

export function searchFromAssignmentFilters(filters: AssignmentFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state !== 'open') params.set('state', filters.state);
  if (filters.holderId) params.set('holder', filters.holderId);
  if (filters.assetId) params.set('asset', filters.assetId);
  return params;
}

/** Whether the list is narrower than the default (open assignments of everyone, for every asset). */
export function hasAssignmentFilters(filters: AssignmentFilters): boolean {
  return filters.state !== 'open' || filters.holderId !== null || filters.assetId !== null;
}

/** The `assignments.list` input (without the cursor). */
export function assignmentListInput(filters: AssignmentFilters) {
  return {
    limit: 50,
    state: filters.state,
    ...(filters.holderId ? { userId: filters.holderId } : {}),
    ...(filters.assetId ? { assetId: filters.assetId } : {}),
  };
}
