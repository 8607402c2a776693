import { ENTITIES, type Entity, EVENT_ACTIONS, type EventTypePattern } from '@itam/domain';

/** The choices of the event type picker, by entity: the entity's wildcard, then its types. */
export const EVENT_TYPE_GROUPS = ENTITIES.map((entity) => ({
  entity,
  all: `${entity}.*` as EventTypePattern,
  types: EVENT_ACTIONS[entity].map((action) => `${entity}.${action}` as EventTypePattern),
}));

/**
 * What is sent for a selection: `*` when everything is chosen, else each entity's wildcard when
 * it is chosen (its single types are then redundant), else the single types.
 */
export function patternsOf(all: boolean, chosen: ReadonlySet<string>): EventTypePattern[] {
  if (all) return ['*'];
  return EVENT_TYPE_GROUPS.flatMap((group) =>
    chosen.has(group.all) ? [group.all] : group.types.filter((t) => chosen.has(t)),
  );
}

/** Patterns in words for the table: `*` is "All events", `asset.*` is "asset: all". */
export function describePatterns(patterns: readonly string[]): string {
  if (patterns.includes('*')) return 'All events';
  return patterns.map((p) => (p.endsWith('.*') ? `${p.slice(0, -2)}: all` : p)).join(', ');
}

export type { Entity };
