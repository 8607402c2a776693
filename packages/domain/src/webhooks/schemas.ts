import { z } from 'zod';
import { Cursor, Id, IsoDateTime, Limit, optionalText, PageDirection } from '../common.ts';
import { EventId } from '../events/schemas.ts';
import { EventTypePatternSchema } from '../events/types.ts';
import { idempotent } from '../idempotency/keys.ts';
import { WEBHOOK_URL_MAX } from './url.ts';

/** The URL's shape is checked by `checkWebhookUrl`, which answers with INVALID_WEBHOOK_URL. */
const UrlText = z.string().max(WEBHOOK_URL_MAX + 100);

const EventTypes = z
  .array(EventTypePatternSchema)
  .min(1, 'Choose at least one event type (or * for all).')
  .max(100)
  .transform((types) => [...new Set(types)]);

export const CreateWebhookInput = z.strictObject({
  url: UrlText,
  eventTypes: EventTypes,
  description: optionalText(200),
  active: z.boolean().default(true),
});
export type CreateWebhookInput = z.input<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z.strictObject({
  id: Id,
  patch: z.strictObject({
    url: UrlText.optional(),
    eventTypes: EventTypes.optional(),
    description: optionalText(200),
    active: z.boolean().optional(),
  }),
  ...idempotent,
});
export type UpdateWebhookInput = z.input<typeof UpdateWebhookInput>;

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A webhook as admins see it: never its secret, which is shown once when made. */
export const Webhook = z.object({
  id: Id,
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** Deliveries by status. */
  deliveries: z.object({ pending: z.number(), succeeded: z.number(), failed: z.number() }),
  lastDelivery: z
    .object({
      at: IsoDateTime,
      ok: z.boolean(),
      statusCode: z.number().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

/** The answer to creating a webhook or rotating its secret: the only time the secret is shown. */
export const WebhookWithSecret = z.object({ webhook: Webhook, secret: z.string() });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const DeliveryId = z.string().regex(/^[1-9]\d{0,14}$/, 'Expected a delivery id.');

export const DeliveryAttempt = z.object({
  attempt: z.number(),
  at: IsoDateTime,
  durationMs: z.number(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  ok: z.boolean(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

export const Delivery = z.object({
  id: DeliveryId,
  webhookId: Id,
  eventId: EventId,
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  nextAttemptAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  deliveredAt: IsoDateTime.nullable(),
  /** Every attempt, newest first. */
  log: z.array(DeliveryAttempt),
});
export type Delivery = z.infer<typeof Delivery>;

export const ListDeliveriesInput = z.strictObject({
  webhookId: Id,
  status: z.enum(DELIVERY_STATUSES).optional(),
  cursor: Cursor.nullish(),
  direction: PageDirection,
  limit: Limit,
});
export type ListDeliveriesInput = z.input<typeof ListDeliveriesInput>;

export const RedeliverInput = z.strictObject({ id: DeliveryId, ...idempotent });
