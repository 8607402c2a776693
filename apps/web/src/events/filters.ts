import { ENTITIES, type Entity, Id, IsoDate } from '@itam/domain';

/** The audit trail's filters, as they live in the URL. Dates are calendar days, `to` included. */
export interface EventFilters {
  entity: Entity | null;
  actorId: string | null;
  from: string;
  to: string;
}

const isEntity = (v: string | null): v is Entity => (ENTITIES as readonly (string | null)[]).includes(v);
const date = (v: string | null) => (v && IsoDate.safeParse(v).success ? v : '');

export const NO_EVENT_FILTERS: EventFilters = { entity: null, actorId: null, from: '', to: '' };

/** Reads `?entity=&actor=&from=&to=`; values the API would refuse are dropped. */
export function eventFiltersFrom(params: URLSearchParams): EventFilters {
  const entity = params.get('entity');
  const actor = params.get('actor');
  return {
    entity: isEntity(entity) ? entity : null,
    actorId: actor && Id.safeParse(actor).success ? actor : null,
    from: date(params.get('from')),
    to: date(params.get('to')),
  };
}

export function searchFromEventFilters(filters: EventFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.entity) params.set('entity', filters.entity);
  if (filters.actorId) params.set('actor', filters.actorId);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  return params;
}

/** Midnight at the start of a calendar day in the viewer's time zone, as an instant. */
function startOfDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(y!, m! - 1, d!).toISOString();
}

function nextDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(y!, m! - 1, d! + 1).toISOString();
}

/**
 * The `events.list` input: `from` is the start of that day and `to` the start of the day after
 * (the API's `to` is exclusive), both in the viewer's time zone, so "to 12 May" includes 12 May.
 */
export function eventListInput(filters: EventFilters) {
  return {
    limit: 50,
    ...(filters.entity ? { entity: filters.entity } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.from ? { from: startOfDay(filters.from) } : {}),
    ...(filters.to ? { to: nextDay(filters.to) } : {}),
  };
}
