/**
 * Who may do what, as data: a role × action matrix and one `can` function. Deny by default:
 * an action missing from a role's row is a compile error, and `none` is the default answer.
 */
/**
 * `read-only` is for programs (API tokens) and auditors: it reads what staff read, except
 * product keys, and changes nothing.
 */
export const ROLES = ['admin', 'manager', 'employee', 'read-only'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'user.list',
  'user.manage',
  'asset.read',
  'asset.create',
  'asset.update',
  'asset.transition',
  'asset.remove',
  'event.read',
  'event.list',
  'assignment.read',
  'assignment.manage',
  'license.read',
  'license.manage',
  'license.readKey',
  'maintenance.read',
  'maintenance.manage',
  'compliance.read',
  'holdings.read',
  'webhook.manage',
  'notification.read',
  'token.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** `all`: any record; `own`: records the actor holds or is; `none`: refused. */
export type Scope = 'all' | 'own' | 'none';

/** What admins may do: everything (holdings are a personal view, so `own`). */
const STAFF: Record<Action, Scope> = {
  'user.list': 'all',
  'user.manage': 'all',
  'asset.read': 'all',
  'asset.create': 'all',
  'asset.update': 'all',
  'asset.transition': 'all',
  'asset.remove': 'all',
  'event.read': 'all',
  'event.list': 'all',
  'assignment.read': 'all',
  'assignment.manage': 'all',
  'license.read': 'all',
  'license.manage': 'all',
  'license.readKey': 'all',
  'maintenance.read': 'all',
  'maintenance.manage': 'all',
  'compliance.read': 'all',
  'holdings.read': 'own',
  'webhook.manage': 'all',
  'notification.read': 'own',
  'token.manage': 'all',
};

export const PERMISSIONS: Record<Role, Record<Action, Scope>> = {
  admin: STAFF,
  // Managers run the inventory; only admins manage accounts and roles.
  manager: { ...STAFF, 'user.manage': 'none', 'webhook.manage': 'none', 'token.manage': 'none' },
  employee: {
    'user.list': 'none',
    'user.manage': 'none',
    'asset.read': 'own',
    'asset.create': 'none',
    'asset.update': 'none',
    'asset.transition': 'none',
    'asset.remove': 'none',
    'event.read': 'own',
    'event.list': 'none',
    'assignment.read': 'own',
    'assignment.manage': 'none',
    'license.read': 'own',
    'license.manage': 'none',
    'license.readKey': 'none',
    'maintenance.read': 'own',
    'maintenance.manage': 'none',
    'compliance.read': 'none',
    'holdings.read': 'own',
    'webhook.manage': 'none',
    'notification.read': 'own',
    'token.manage': 'none',
  },
  'read-only': {
    'user.list': 'all',
    'user.manage': 'none',
    'asset.read': 'all',
    'asset.create': 'none',
    'asset.update': 'none',
    'asset.transition': 'none',
    'asset.remove': 'none',
    'event.read': 'all',
    'event.list': 'all',
    'assignment.read': 'all',
    'assignment.manage': 'none',
    'license.read': 'all',
    'license.manage': 'none',
    // Product keys are secrets: only the roles that manage licenses receive them.
    'license.readKey': 'none',
    'maintenance.read': 'all',
    'maintenance.manage': 'none',
    'compliance.read': 'all',
    'holdings.read': 'own',
    'token.manage': 'none',
    'webhook.manage': 'none',
    'notification.read': 'own',
  },
};

/**
 * Actions that change something. A role that may read but holds none of these is read-only, and
 * its refusals say so (`READ_ONLY`), so a program can tell "wrong token" from "not allowed here".
 */
export const WRITE_ACTIONS = [
  'user.manage',
  'asset.create',
  'asset.update',
  'asset.transition',
  'asset.remove',
  'assignment.manage',
  'license.manage',
  'maintenance.manage',
  'token.manage',
  'webhook.manage',
] as const satisfies readonly Action[];

export function isWriteAction(action: Action): boolean {
  return (WRITE_ACTIONS as readonly Action[]).includes(action);
}

/** Roles that read and never write (employees write nothing either, but they are not "read-only"). */
export const READ_ONLY_ROLES = ['read-only'] as const satisfies readonly Role[];

export function isReadOnlyRole(role: Role): boolean {
  return (READ_ONLY_ROLES as readonly Role[]).includes(role);
}

/** Why `can(actor, action)` said no, as a stable reason. */
export function refusalReasonOf(actor: Actor, action: Action): 'READ_ONLY' | 'FORBIDDEN' {
  return isWriteAction(action) && isReadOnlyRole(actor.role) ? 'READ_ONLY' : 'FORBIDDEN';
}

export interface Actor {
  id: string;
  role: Role;
  disabled?: boolean;
}

/** What `own` is checked against: the users who hold (or are) the record. */
export interface OwnedResource {
  holderIds: readonly string[];
}

export function scopeOf(actor: Actor | null | undefined, action: Action): Scope {
  if (!actor || actor.disabled) return 'none';
  return PERMISSIONS[actor.role]?.[action] ?? 'none';
}

/**
 * Without a resource: may the actor use the action at all (with `own`, on its own records).
 * With a resource: may the actor use it on that record.
 */
export function can(actor: Actor | null | undefined, action: Action, resource?: OwnedResource): boolean {
  const scope = scopeOf(actor, action);
  if (scope === 'all') return true;
  if (scope === 'none') return false;
  return resource === undefined || resource.holderIds.includes(actor!.id);
}

export function isStaff(actor: Actor | null | undefined): boolean {
  return !!actor && !actor.disabled && (actor.role === 'admin' || actor.role === 'manager');
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
