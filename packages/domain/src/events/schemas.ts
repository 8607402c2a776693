import { z } from 'zod';
import { Id, IsoDateTime } from '../common.ts';

export const ENTITIES = ['asset', 'user', 'license', 'maintenance', 'webhook'] as const;
export type Entity = (typeof ENTITIES)[number];

/** Event ids are decimal strings of a growing bigint: compare them with `compareEventIds`. */
export const EventId = z.string().regex(/^(0|[1-9]\d{0,18})$/, 'Expected an event id.');

export const AuditEvent = z.object({
  id: EventId,
  at: IsoDateTime,
  actor: z.object({ id: Id, username: z.string() }).nullable(),
  entity: z.enum(ENTITIES),
  entityId: z.string(),
  action: z.string(),
  reason: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const OnChangeInput = z
  .strictObject({
    lastEventId: EventId.nullish(),
    entity: z.enum(ENTITIES).optional(),
    entityId: z.string().max(100).optional(),
  })
  .default({});

export function compareEventIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
