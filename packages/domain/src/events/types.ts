import { z } from 'zod';
import { ENTITIES, type Entity } from './schemas.ts';

/**
 * An event's type is `<entity>.<action>`, for example `asset.checked_out`. These are the types
 * the API writes today; webhooks subscribe to them by name, by entity (`asset.*`) or all (`*`).
 */
export const EVENT_ACTIONS = {
  asset: ['created', 'updated', 'transitioned', 'removed', 'checked_out', 'checked_in'],
  user: ['signed_up', 'created', 'role_changed', 'disabled', 'enabled'],
  license: ['created', 'updated', 'removed', 'seat_assigned', 'seats_assigned', 'seat_released'],
  maintenance: ['scheduled', 'started', 'completed', 'cancelled'],
  webhook: ['created', 'updated', 'removed', 'secret_rotated', 'redelivered'],
} as const satisfies Record<Entity, readonly string[]>;

type ActionOf<E extends Entity> = (typeof EVENT_ACTIONS)[E][number];
export type EventType = { [E in Entity]: `${E}.${ActionOf<E>}` }[Entity];

export const EVENT_TYPES = ENTITIES.flatMap((entity) =>
  EVENT_ACTIONS[entity].map((action) => `${entity}.${action}`),
) as EventType[];

/** What a subscriber names: one type, every type of one entity (`asset.*`), or everything (`*`). */
export type EventTypePattern = EventType | `${Entity}.*` | '*';

export const EVENT_TYPE_PATTERNS: readonly EventTypePattern[] = [
  '*',
  ...ENTITIES.map((entity) => `${entity}.*` as const),
  ...EVENT_TYPES,
];

export const EventTypePatternSchema = z.enum(
  EVENT_TYPE_PATTERNS as [EventTypePattern, ...EventTypePattern[]],
  {
    error: 'Expected an event type such as asset.updated, asset.* or *.',
  },
);

export function eventTypeOf(event: { entity: string; action: string }): string {
  return `${event.entity}.${event.action}`;
}

/** Whether an event of `type` is among `patterns`. An action added later still matches `entity.*` and `*`. */
export function matchesEventTypes(patterns: readonly string[], type: string): boolean {
  const entity = type.slice(0, type.indexOf('.'));
  return patterns.some((p) => p === '*' || p === type || p === `${entity}.*`);
}
