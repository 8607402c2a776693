import { ENTITIES, type Entity, EVENT_TYPES, type EventType, Id, IsoDate } from '@itam/domain';

export type EventOrder = 'newest' | 'oldest';

/** The audit trail's filters, as they live in the URL. Dates are calendar days, `to` included. */
export interface EventFilters {
  entity: Entity | null;
  /** One kind of change (`asset.checked_out`); its entity is the entity filter too. */
  type: EventType | null;
  actorId: string | null;
  /** One asset's changes; the entity filter is then `asset`. */
  assetId: string | null;
  from: string;
  to: string;
  order: EventOrder;
}

const isEntity = (v: string | null): v is Entity => (ENTITIES as readonly (string | null)[]).includes(v);
const date = (v: string | null) => (v && IsoDate.safeParse(v).success ? v : '');

const isType = (v: string | null): v is EventType => (EVENT_TYPES as readonly (string | null)[]).includes(v);

export const NO_EVENT_FILTERS: EventFilters = {
  entity: null,
  type: null,
  actorId: null,
  assetId: null,
  from: '',
  to: '',
  order: 'newest',
};

/** The entity an event type belongs to: `asset.checked_out` → `asset`. */
export const entityOfType = (type: EventType) => type.slice(0, type.indexOf('.')) as Entity;

const idOrNull = (v: string | null) => (v && Id.safeParse(v).success ? v : null);

/**
 * Reads `?entity=&type=&actor=&asset=&from=&to=&order=`; values the API would refuse are dropped,
 * and a type of another entity than the one named is dropped too (it could match nothing). An
 * asset makes the entity `asset`, unless another entity is named: then the asset is dropped.
 */
export function eventFiltersFrom(params: URLSearchParams): EventFilters {
  const entity = params.get('entity');
  const type = params.get('type');
  const named = isEntity(entity) ? entity : null;
  const assetId = named === null || named === 'asset' ? idOrNull(params.get('asset')) : null;
  const known = assetId ? 'asset' : named;
  const kind = isType(type) && (known === null || entityOfType(type) === known) ? type : null;
  return {
    entity: kind ? entityOfType(kind) : known,
    type: kind,
    actorId: idOrNull(params.get('actor')),
    assetId: kind === null || entityOfType(kind) === 'asset' ? assetId : null,
    from: date(params.get('from')),
    to: date(params.get('to')),
    order: params.get('order') === 'oldest' ? 'oldest' : 'newest',
  };
}

export function searchFromEventFilters(filters: EventFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.entity) params.set('entity', filters.entity);
  if (filters.type) params.set('type', filters.type);
  if (filters.actorId) params.set('actor', filters.actorId);
  if (filters.assetId) params.set('asset', filters.assetId);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.order === 'oldest') params.set('order', 'oldest');
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
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.assetId ? { entity: 'asset' as const, entityId: filters.assetId } : {}),
    ...(filters.order === 'oldest' ? { order: 'oldest' as const } : {}),
    ...(filters.from ? { from: startOfDay(filters.from) } : {}),
    ...(filters.to ? { to: nextDay(filters.to) } : {}),
  };
}
