import { createHmac, randomBytes } from 'node:crypto';
import { type AuditEvent, eventTypeOf } from '@itam/domain';

/** A new signing secret: shown to the admin once, stored sealed. */
export function createWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The JSON a receiver gets: the event as the audit trail stores it, with its type. */
export function deliveryBody(event: AuditEvent): string {
  return JSON.stringify({ id: event.id, type: eventTypeOf(event), at: event.at, event });
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the secret>`. */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
