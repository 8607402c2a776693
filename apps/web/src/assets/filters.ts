import {
  ASSET_SORTS,
  ASSET_STAGES,
  ASSET_TYPES,
  type AssetStage,
  type AssetType,
  Id,
  isStage,
  type ListAssetsInput,
} from '@itam/domain';

export type AssetSort = (typeof ASSET_SORTS)[number];

/** The assets table's filters, as they live in the URL's query string (bookmarkable). */
export interface AssetFilters {
  stages: AssetStage[];
  type: AssetType | null;
  holderId: string | null;
  q: string;
  sort: AssetSort;
}

export const NO_FILTERS: AssetFilters = { stages: [], type: null, holderId: null, q: '', sort: 'created' };

const isType = (v: string | null): v is AssetType => (ASSET_TYPES as readonly (string | null)[]).includes(v);
const isSort = (v: string | null): v is AssetSort => (ASSET_SORTS as readonly (string | null)[]).includes(v);

/** Reads the filters; unknown values are dropped rather than sent to the server. */
export function filtersFromSearch(params: URLSearchParams): AssetFilters {
  const stages = [...new Set(params.getAll('stage').flatMap((s) => s.split(',')))].filter(isStage);
  const type = params.get('type');
  const holder = params.get('holder');
  const sort = params.get('sort');
  return {
    // In lifecycle order, so the same filter always gives the same URL and query key.
    stages: ASSET_STAGES.filter((s) => stages.includes(s)),
    type: isType(type) ? type : null,
    holderId: holder && Id.safeParse(holder).success ? holder : null,
    q: (params.get('q') ?? '').slice(0, 200),
    sort: isSort(sort) ? sort : 'created',
  };
}

export function searchFromFilters(filters: AssetFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const stage of filters.stages) params.append('stage', stage);
  if (filters.type) params.set('type', filters.type);
  if (filters.holderId) params.set('holder', filters.holderId);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.sort !== 'created') params.set('sort', filters.sort);
  return params;
}

export function hasFilters(filters: AssetFilters): boolean {
  return (
    filters.stages.length > 0 || filters.type !== null || filters.holderId !== null || filters.q.trim() !== ''
  );
}

export const PAGE_SIZE = 50;

/** The `assets.list` input for these filters (without the cursor, which paging adds). */
export function listInput(filters: AssetFilters, ownOnly: boolean) {
  const input: Exclude<ListAssetsInput, undefined> & { sort: AssetSort; limit: number } = {
    sort: filters.sort,
    limit: PAGE_SIZE,
  };
  if (filters.stages.length) input.stage = filters.stages;
  if (filters.type) input.type = [filters.type];
  if (filters.holderId && !ownOnly) input.holderId = filters.holderId;
  if (filters.q.trim()) input.q = filters.q.trim();
  return input;
}
