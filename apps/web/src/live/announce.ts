import { type AuditEvent, isStage, type Role, STAGE_LABELS } from '@itam/domain';
import { ROLE_LABELS } from '../lib/labels.ts';

/*
 * Which live change concerns what the user has open, and how to say it in a toast.
 *
 * The rule, kept simple on purpose:
 * - on an asset's page (or its edit form): changes to that asset and to its maintenance;
 * - on a license's page (or its edit form): changes to that license and its seats;
 * - on a list page: changes to the kind of record the table lists (assets, licenses,
 *   maintenance, users; every change on the audit trail), summarised, at most one toast every
 *   few seconds (`TABLE_TOAST_INTERVAL_MS`; the throttle is `LiveToasts`);
 * - anywhere else: nothing (the page shows no record another change could alter in front of you);
 * - never a change the user made: they already got their own action's toast.
 */

export type TableName = 'assets' | 'licenses' | 'maintenance' | 'users' | 'events';

export type OpenView =
  | { kind: 'asset'; id: string }
  | { kind: 'license'; id: string }
  | { kind: 'table'; table: TableName }
  | { kind: 'none' };

export const TABLE_TOAST_INTERVAL_MS = 5_000;

const TABLES: readonly TableName[] = ['assets', 'licenses', 'maintenance', 'users', 'events'];
const RECORD_PAGE = /^\/(assets|licenses)\/([^/]+)(?:\/edit)?\/?$/;

/** The view a path shows. `/assets/new` is a form for a record that does not exist yet. */
export function viewOf(pathname: string): OpenView {
  const record = RECORD_PAGE.exec(pathname);
  if (record && record[2] !== 'new') {
    return record[1] === 'assets' ? { kind: 'asset', id: record[2]! } : { kind: 'license', id: record[2]! };
  }
  const table = TABLES.find((t) => pathname === `/${t}` || pathname === `/${t}/`);
  return table ? { kind: 'table', table } : { kind: 'none' };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const field = (event: AuditEvent, key: string) => text(event.after?.[key]) ?? text(event.before?.[key]);
const usernameIn = (value: unknown): string | null =>
  typeof value === 'object' && value !== null ? text((value as { username?: unknown }).username) : null;

/** Maintenance events carry their record, and with it the asset (`{ id, tag }`). */
function maintainedAsset(event: AuditEvent): { id: string | null; tag: string | null } {
  const asset = (event.after?.asset ?? event.before?.asset) as { id?: unknown; tag?: unknown } | undefined;
  return { id: text(asset?.id), tag: text(asset?.tag) };
}

const TABLE_ENTITY: Record<Exclude<TableName, 'events'>, AuditEvent['entity']> = {
  assets: 'asset',
  licenses: 'license',
  maintenance: 'maintenance',
  users: 'user',
};

/** Whether `event` changes what `view` shows (who made it aside). */
export function concerns(event: AuditEvent, view: OpenView): boolean {
  switch (view.kind) {
    case 'asset':
      return (
        (event.entity === 'asset' && event.entityId === view.id) ||
        (event.entity === 'maintenance' && maintainedAsset(event).id === view.id)
      );
    case 'license':
      return event.entity === 'license' && event.entityId === view.id;
    case 'table':
      return view.table === 'events' || TABLE_ENTITY[view.table] === event.entity;
    case 'none':
      return false;
  }
}

export interface Names {
  /** Seat events carry no license name: the open license's name, by id, where known. */
  licenseNames?: ReadonlyMap<string, string>;
}

const short = (id: string) => id.slice(0, 8);

/** What the change is about, as a person would name it: a tag, a license's or a user's name. */
function subjectName(event: AuditEvent, names: Names): string {
  switch (event.entity) {
    case 'asset':
      return field(event, 'tag') ?? `asset ${short(event.entityId)}`;
    case 'license':
      return field(event, 'name') ?? names.licenseNames?.get(event.entityId) ?? 'a license';
    case 'maintenance':
      return maintainedAsset(event).tag ?? 'an asset';
    case 'user':
      return field(event, 'username') ?? `user ${short(event.entityId)}`;
    case 'webhook':
      return field(event, 'url') ?? 'a webhook';
  }
}

function roleName(value: unknown): string {
  return typeof value === 'string' && value in ROLE_LABELS ? ROLE_LABELS[value as Role] : 'another role';
}

function stageName(value: unknown): string {
  return typeof value === 'string' && isStage(value) ? STAGE_LABELS[value] : 'another stage';
}

/** The change in a short sentence without its subject: "checked out LAP-0042 to dana". */
function predicate(event: AuditEvent, subject: string): string {
  const { before, after } = event;
  const seatUser = (side: Record<string, unknown> | null) =>
    usernameIn((side?.seat as { user?: unknown } | undefined)?.user);
  switch (`${event.entity}.${event.action}`) {
    case 'asset.created':
      return `registered ${subject}`;
    case 'asset.updated':
      return `edited ${subject}`;
    case 'asset.transitioned':
      return `moved ${subject} to ${stageName(after?.stage)}`;
    case 'asset.removed':
      return `deleted ${subject}`;
    case 'asset.checked_out': {
      const holder = usernameIn(after?.holder);
      return holder ? `checked out ${subject} to ${holder}` : `checked out ${subject}`;
    }
    case 'asset.checked_in': {
      const holder = usernameIn(before?.holder);
      return holder ? `checked in ${subject} from ${holder}` : `checked in ${subject}`;
    }
    case 'license.created':
      return `added ${subject}`;
    case 'license.updated':
      return `edited ${subject}`;
    case 'license.removed':
      return `deleted ${subject}`;
    case 'license.seat_assigned': {
      const who = seatUser(after);
      return who ? `gave ${who} a seat of ${subject}` : `assigned a seat of ${subject}`;
    }
    case 'license.seats_assigned': {
      const seats = Array.isArray(after?.seats) ? after.seats.length : 0;
      return seats === 1
        ? `assigned a seat of ${subject}`
        : `assigned ${seats || 'several'} seats of ${subject}`;
    }
    case 'license.seat_released': {
      const who = seatUser(before);
      return who ? `released ${who}’s seat of ${subject}` : `released a seat of ${subject}`;
    }
    case 'maintenance.scheduled':
      return `scheduled maintenance of ${subject}`;
    case 'maintenance.started':
      return `started maintenance of ${subject}`;
    case 'maintenance.completed':
      return `completed maintenance of ${subject}`;
    case 'maintenance.cancelled':
      return `cancelled maintenance of ${subject}`;
    case 'user.signed_up':
      return `signed up as ${subject}`;
    case 'user.created':
      return `added the user ${subject}`;
    case 'user.role_changed':
      return `made ${subject} ${roleName(after?.role)}`;
    case 'user.disabled':
      return `disabled ${subject}`;
    case 'user.enabled':
      return `enabled ${subject}`;
    default:
      return `changed ${subject}`;
  }
}

const actorName = (event: AuditEvent) => event.actor?.username ?? 'The system';

/** One change in plain words: "maria checked out LAP-0042 to dana." */
export function describeChange(event: AuditEvent, names: Names = {}): string {
  // Someone who signs up is the actor and the subject at once.
  if (event.entity === 'user' && event.action === 'signed_up') {
    return `${subjectName(event, names)} signed up.`;
  }
  return `${actorName(event)} ${predicate(event, subjectName(event, names))}.`;
}

const TABLE_NOUNS: Record<TableName, string> = {
  assets: 'assets',
  licenses: 'licenses',
  maintenance: 'maintenance',
  users: 'users',
  events: 'the records',
};

/** "maria", "maria and sam", "maria, sam and 2 others". */
function people(events: readonly AuditEvent[]): string {
  const names = [...new Set(events.map(actorName))];
  if (names.length === 1) return names[0]!;
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  const others = names.length - 2;
  return `${names[0]}, ${names[1]} and ${others} ${others === 1 ? 'other' : 'others'}`;
}

/**
 * The toast for a burst of live events, or null when none of them concerns the open view or all
 * of them are the user's own. One change is described; several are summarised in one toast.
 */
export function announcementFor(
  events: readonly AuditEvent[],
  view: OpenView,
  meId: string,
  names: Names = {},
): string | null {
  const relevant = events.filter((e) => e.actor?.id !== meId && concerns(e, view));
  const last = relevant.at(-1);
  if (!last) return null;
  if (relevant.length === 1) return describeChange(last, names);
  const about = view.kind === 'table' ? TABLE_NOUNS[view.table] : subjectName(last, names);
  return `${people(relevant)} made ${relevant.length} changes to ${about}.`;
}
