import { ACTIONS, type Actor, can, PERMISSIONS, ROLES, scopeOf } from '@itam/domain';
import { describe, expect, it } from 'vitest';
import { navItemsFor } from '../components/navItems.ts';
import { ACTION_SCREENS } from './actionScreens.ts';

const actorOf = (role: Actor['role']): Actor => ({ id: 'u1', role });

/** The screens of an action a role can open: the header, or a page its menu shows. */
function reachable(role: Actor['role'], action: (typeof ACTIONS)[number]) {
  const actor = actorOf(role);
  const menu = new Set(navItemsFor(actor).map((item) => item.to));
  return ACTION_SCREENS[action].filter(
    (screen) =>
      (screen.from === 'header' || menu.has(screen.from)) && (!screen.needs || can(actor, screen.needs)),
  );
}

describe('ACTION_SCREENS', () => {
  it('names a screen for every action of the matrix, and no other', () => {
    expect(Object.keys(ACTION_SCREENS).sort()).toEqual([...ACTIONS].sort());
    for (const action of ACTIONS) expect(ACTION_SCREENS[action].length).toBeGreaterThan(0);
  });

  describe.each(ROLES)('for %s', (role) => {
    it.each(ACTIONS.filter((a) => PERMISSIONS[role][a] !== 'none'))(
      'offers %s from a page the menu shows',
      (action) => {
        const screens = reachable(role, action);
        expect(screens, `${role} may ${action}, but no screen for it is in the menu`).not.toEqual([]);
        // An action on every record starts from more than one's own holdings.
        if (scopeOf(actorOf(role), action) === 'all') {
          expect(screens.some((s) => s.from !== '/me')).toBe(true);
        }
      },
    );

    it('shows no page in the menu for which the role holds no action', () => {
      const actor = actorOf(role);
      for (const item of navItemsFor(actor)) {
        const uses = ACTIONS.filter(
          (a) => scopeOf(actor, a) !== 'none' && ACTION_SCREENS[a].some((s) => s.from === item.to),
        );
        expect(uses, `${role} sees ${item.to} in the menu`).not.toEqual([]);
      }
    });
  });
});
