import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  type Actor,
  can,
  isReadOnlyRole,
  isRole,
  isStaff,
  PERMISSIONS,
  ROLES,
  type Role,
  refusalReasonOf,
  type Scope,
  scopeOf,
  WRITE_ACTIONS,
} from './permissions.ts';

// Written out by hand: a change to PERMISSIONS has to be made here too, on purpose.
// biome-ignore format: an aligned table reads better than a wrapped one.
const EXPECTED: Record<Action, Record<Role, Scope>> = {
  'user.list':        { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'all' },
  'user.manage':      { admin: 'all', manager: 'none', employee: 'none', 'read-only': 'none' },
  'asset.read':       { admin: 'all', manager: 'all',  employee: 'own', 'read-only': 'all' },
  'asset.create':     { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'none' },
  'asset.update':     { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'none' },
  'asset.transition': { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'none' },
  'asset.remove':     { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'none' },
  'event.read':       { admin: 'all', manager: 'all',  employee: 'own', 'read-only': 'all' },
  'event.list':       { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'all' },
  'assignment.read':   { admin: 'all', manager: 'all',  employee: 'own', 'read-only': 'all' },
  'assignment.manage': { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'none' },
  'license.read':      { admin: 'all', manager: 'all',  employee: 'own', 'read-only': 'all' },
  'license.manage':    { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'none' },
  'license.readKey':   { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'none' },
  'maintenance.read':  { admin: 'all', manager: 'all',  employee: 'own', 'read-only': 'all' },
  'maintenance.manage': { admin: 'all', manager: 'all', employee: 'none', 'read-only': 'none' },
  'compliance.read':   { admin: 'all', manager: 'all',  employee: 'none', 'read-only': 'all' },
  'holdings.read':     { admin: 'own', manager: 'own',  employee: 'own', 'read-only': 'own' },
  'token.manage':      { admin: 'all', manager: 'none', employee: 'none', 'read-only': 'none' },
  'webhook.manage':    { admin: 'all', manager: 'none', employee: 'none', 'read-only': 'none' },
  'notification.read': { admin: 'own', manager: 'own',  employee: 'own', 'read-only': 'own' },
};

const PAIRS = ROLES.flatMap((role) => ACTIONS.map((action) => [role, action] as const));
const actorOf = (role: Role, extra: Partial<Actor> = {}): Actor => ({ id: `u-${role}`, role, ...extra });
const mine = (actor: Actor) => ({ holderIds: ['someone-else', actor.id] });
const theirs = { holderIds: ['someone-else'] };
const nobodys = { holderIds: [] };

describe('the matrix', () => {
  it('lists every action exactly once, in the expected table', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
  });

  it.each(PAIRS)('%s / %s has the expected scope', (role, action) => {
    expect(PERMISSIONS[role][action]).toBe(EXPECTED[action][role]);
    expect(scopeOf(actorOf(role), action)).toBe(EXPECTED[action][role]);
  });
});

describe('can', () => {
  it.each(PAIRS)('%s / %s without a resource', (role, action) => {
    expect(can(actorOf(role), action)).toBe(EXPECTED[action][role] !== 'none');
  });

  it.each(PAIRS)('%s / %s on a record the actor holds', (role, action) => {
    const actor = actorOf(role);
    expect(can(actor, action, mine(actor))).toBe(EXPECTED[action][role] !== 'none');
  });

  it.each(PAIRS)('%s / %s on a record someone else holds, or nobody', (role, action) => {
    const actor = actorOf(role);
    expect(can(actor, action, theirs)).toBe(EXPECTED[action][role] === 'all');
    expect(can(actor, action, nobodys)).toBe(EXPECTED[action][role] === 'all');
  });

  it('own scope compares ids exactly', () => {
    const employee = actorOf('employee');
    expect(can(employee, 'asset.read', { holderIds: [employee.id.toUpperCase()] })).toBe(false);
    expect(can(employee, 'asset.read', { holderIds: [`${employee.id} `] })).toBe(false);
    expect(can(employee, 'event.read', { holderIds: [employee.id] })).toBe(true);
  });

  it.each(PAIRS)('a disabled %s is denied %s', (role, action) => {
    const actor = actorOf(role, { disabled: true });
    expect(scopeOf(actor, action)).toBe('none');
    expect(can(actor, action)).toBe(false);
    expect(can(actor, action, mine(actor))).toBe(false);
    expect(can(actor, action, theirs)).toBe(false);
  });

  it('disabled: false is the same as not disabled', () => {
    for (const [role, action] of PAIRS) {
      expect(can(actorOf(role, { disabled: false }), action)).toBe(can(actorOf(role), action));
    }
  });

  it.each(ACTIONS)('no actor (null or undefined) is denied %s', (action) => {
    for (const actor of [null, undefined]) {
      expect(scopeOf(actor, action)).toBe('none');
      expect(can(actor, action)).toBe(false);
      expect(can(actor, action, nobodys)).toBe(false);
    }
  });

  it.each(ACTIONS)('an unknown role read from outside is denied %s', (action) => {
    const actor = { id: 'u-x', role: 'owner' } as unknown as Actor;
    expect(scopeOf(actor, action)).toBe('none');
    expect(can(actor, action)).toBe(false);
  });
});

describe('isStaff', () => {
  it.each([
    ['admin', true],
    ['manager', true],
    ['employee', false],
  ] as const)('%s -> %s', (role, staff) => {
    expect(isStaff(actorOf(role))).toBe(staff);
    expect(isStaff(actorOf(role, { disabled: false }))).toBe(staff);
  });

  it.each(ROLES)('a disabled %s is not staff', (role) => {
    expect(isStaff(actorOf(role, { disabled: true }))).toBe(false);
  });

  it('no actor is not staff', () => {
    expect(isStaff(null)).toBe(false);
    expect(isStaff(undefined)).toBe(false);
  });
});

describe('isRole', () => {
  it.each(ROLES)('%s is a role', (role) => {
    expect(isRole(role)).toBe(true);
  });

  it.each([['Admin'], ['owner'], [''], ['toString'], [null], [undefined], [1]])('%j is not', (value) => {
    expect(isRole(value)).toBe(false);
  });
});

describe('refusalReasonOf', () => {
  it('says READ_ONLY when a read-only role asks for any write action', () => {
    for (const action of WRITE_ACTIONS) {
      expect(can(actorOf('read-only'), action)).toBe(false);
      expect(refusalReasonOf(actorOf('read-only'), action)).toBe('READ_ONLY');
    }
  });

  it('says FORBIDDEN to roles that may write something, and for actions that are not writes', () => {
    expect(refusalReasonOf(actorOf('employee'), 'asset.create')).toBe('FORBIDDEN');
    expect(refusalReasonOf(actorOf('manager'), 'user.manage')).toBe('FORBIDDEN');
    expect(refusalReasonOf(actorOf('read-only'), 'license.readKey')).toBe('FORBIDDEN');
  });

  it('counts exactly the read-only role as read-only, and it holds no write action', () => {
    expect(ROLES.filter(isReadOnlyRole)).toEqual(['read-only']);
    for (const action of WRITE_ACTIONS) expect(PERMISSIONS['read-only'][action]).toBe('none');
  });

  it('lists as writes exactly the actions an employee may not do yet a manager or admin may, apart from reads', () => {
    const writes = ACTIONS.filter((a) => /\.(manage|create|update|transition|remove)$/.test(a));
    expect([...WRITE_ACTIONS].sort()).toEqual(writes.sort());
  });
});
