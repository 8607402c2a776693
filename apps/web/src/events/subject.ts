import type { AuditEvent } from '@itam/domain';
import { ENTITY_LABELS } from '../lib/labels.ts';

/** What an audit event is about, in words, and where that lives in the dashboard (if anywhere). */
export interface Subject {
  label: string;
  href: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const field = (event: AuditEvent, key: string) => text(event.after?.[key]) ?? text(event.before?.[key]);
const short = (id: string) => id.slice(0, 8);

/**
 * Names come from the event itself (its before/after), so a deleted record still reads well;
 * seat events carry no license name, so `licenseNames` (id → name) fills it in where known.
 */
export function subjectOf(
  event: AuditEvent,
  options: { licenseNames?: ReadonlyMap<string, string>; canSeeUsers?: boolean } = {},
): Subject {
  switch (event.entity) {
    case 'asset':
      return {
        label: field(event, 'tag') ?? `${ENTITY_LABELS.asset} ${short(event.entityId)}`,
        href: `/assets/${event.entityId}`,
      };
    case 'license':
      return {
        label:
          field(event, 'name') ??
          options.licenseNames?.get(event.entityId) ??
          `${ENTITY_LABELS.license} ${short(event.entityId)}`,
        href: `/licenses/${event.entityId}`,
      };
    case 'maintenance': {
      const asset = (event.after?.asset ?? event.before?.asset) as
        | { id?: unknown; tag?: unknown }
        | undefined;
      const assetId = text(asset?.id);
      const tag = text(asset?.tag);
      return {
        label: tag ? `Maintenance of ${tag}` : `${ENTITY_LABELS.maintenance} ${short(event.entityId)}`,
        href: assetId ? `/assets/${assetId}#maintenance` : null,
      };
    }
    case 'user': {
      const username = field(event, 'username');
      return {
        label: username ?? `${ENTITY_LABELS.user} ${short(event.entityId)}`,
        href: options.canSeeUsers && username ? `/users?q=${encodeURIComponent(username)}` : null,
      };
    }
    case 'webhook':
      return {
        label: field(event, 'url') ?? `${ENTITY_LABELS.webhook} ${short(event.entityId)}`,
        href: '/webhooks',
      };
  }
}

const username = (value: unknown): string | null =>
  typeof value === 'object' && value !== null ? text((value as { username?: unknown }).username) : null;
const seatHolder = (side: Record<string, unknown> | null) =>
  username((side?.seat as { user?: unknown } | undefined)?.user);

/** A few words on what the change did, beyond its action's name, where the event tells.
 * `label` names stage and role values. */
export function detailOf(event: AuditEvent, label: (value: string) => string): string | null {
  const { before, after } = event;
  switch (event.action) {
    case 'checked_out': {
      const who = username(after?.holder);
      return who ? `to ${who}` : null;
    }
    case 'checked_in': {
      const who = username(before?.holder);
      return who ? `from ${who}` : null;
    }
    case 'seat_assigned': {
      const who = seatHolder(after);
      return who ? `to ${who}` : null;
    }
    case 'seats_assigned': {
      const seats = after?.seats;
      return Array.isArray(seats) && seats.length > 0
        ? `to ${seats.map((s) => username((s as { user?: unknown }).user) ?? 'someone').join(', ')}`
        : null;
    }
    case 'seat_released': {
      const who = seatHolder(before);
      return who ? `from ${who}` : null;
    }
    case 'transitioned': {
      const from = text(before?.stage);
      const to = text(after?.stage);
      return from && to ? `${label(from)} → ${label(to)}` : null;
    }
    case 'role_changed': {
      const to = text(after?.role);
      return to ? `to ${label(to)}` : null;
    }
    default:
      return null;
  }
}
