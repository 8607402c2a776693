import { type Actor, can, IMPORT_ACTION, IMPORT_KINDS, scopeOf } from '@itam/domain';

/** A page in the header's menu: `main` pages stand in the header, `more` ones behind "More". */
export interface NavItem {
  to: string;
  label: string;
  group: 'main' | 'more';
}

/**
 * Only what the role may use. Employees see what they hold; the rest is for staff. The daily
 * inventory pages stand in the header; the others (the trail, one's own holdings, administration)
 * sit behind "More", so an admin's header fits one line at 1280 pixels.
 */
const ITEMS: readonly (NavItem & { shows: (user: Actor) => boolean })[] = [
  { to: '/overview', label: 'Overview', group: 'main', shows: (u) => can(u, 'compliance.read') },
  { to: '/assets', label: 'Assets', group: 'main', shows: (u) => scopeOf(u, 'asset.read') === 'all' },
  { to: '/licenses', label: 'Licenses', group: 'main', shows: (u) => scopeOf(u, 'license.read') === 'all' },
  {
    to: '/maintenance',
    label: 'Maintenance',
    group: 'main',
    shows: (u) => scopeOf(u, 'maintenance.read') === 'all',
  },
  {
    to: '/assignments',
    label: 'Assignments',
    group: 'main',
    shows: (u) => scopeOf(u, 'assignment.read') === 'all',
  },
  { to: '/compliance', label: 'Compliance', group: 'main', shows: (u) => can(u, 'compliance.read') },
  { to: '/events', label: 'Audit trail', group: 'more', shows: (u) => can(u, 'event.list') },
  { to: '/me', label: 'My holdings', group: 'more', shows: (u) => can(u, 'holdings.read') },
  { to: '/users', label: 'Users', group: 'more', shows: (u) => can(u, 'user.list') },
  {
    to: '/import',
    label: 'Import',
    group: 'more',
    shows: (u) => IMPORT_KINDS.some((kind) => can(u, IMPORT_ACTION[kind])),
  },
  { to: '/webhooks', label: 'Webhooks', group: 'more', shows: (u) => can(u, 'webhook.manage') },
  { to: '/tokens', label: 'API tokens', group: 'more', shows: (u) => can(u, 'token.manage') },
];

/** The menu for a user, in order. With no `main` page (an employee), every page stands in the header. */
export function navItemsFor(user: Actor): NavItem[] {
  const items = ITEMS.filter((item) => item.shows(user)).map(({ to, label, group }) => ({
    to,
    label,
    group,
  }));
  const anyMain = items.some((item) => item.group === 'main');
  return anyMain ? items : items.map((item) => ({ ...item, group: 'main' as const }));
}
