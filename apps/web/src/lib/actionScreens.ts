import type { Action } from '@itam/domain';

/**
 * Where the dashboard offers each action of the permission matrix: the menu page a person starts
 * from, and what they find there. A `Record` over every action, so an action added to the matrix
 * without a screen does not compile; `actionScreens.test.ts` checks, role by role, that each
 * action the role holds starts from a page its menu shows, and that the menu shows no page
 * for which the role holds none of the actions.
 *
 * `header` is the header itself, on every signed-in page.
 */
export interface Screen {
  from: string;
  offers: string;
  /** Another action the screen is part of: it serves only roles that hold that one too. */
  needs?: Action;
}

export const ACTION_SCREENS: Record<Action, readonly Screen[]> = {
  'user.list': [
    { from: '/users', offers: 'the users table, searchable by name, role and status' },
    {
      from: '/assets',
      offers: 'the person picker of “Check out” on an asset page',
      needs: 'assignment.manage',
    },
  ],
  'user.manage': [
    { from: '/users', offers: 'each person’s role select and Disable / Enable' },
    { from: '/import', offers: 'the users CSV import' },
  ],
  'asset.read': [
    { from: '/assets', offers: 'the assets table and each asset’s page' },
    { from: '/me', offers: 'the assets one holds, each opening its page' },
  ],
  'asset.create': [
    { from: '/assets', offers: '“New asset”' },
    { from: '/import', offers: 'the assets CSV import' },
  ],
  'asset.update': [{ from: '/assets', offers: '“Edit” on an asset page' }],
  'asset.transition': [{ from: '/assets', offers: 'the lifecycle buttons on an asset page' }],
  'asset.remove': [{ from: '/assets', offers: '“Delete” on an asset page (in the stages that allow it)' }],
  'event.read': [{ from: 'header', offers: 'live updates and their notices, on every page' }],
  'event.list': [
    { from: '/events', offers: 'the audit trail' },
    { from: '/assets', offers: 'the history on an asset page' },
  ],
  'assignment.read': [
    { from: '/assignments', offers: 'every assignment, open, overdue or returned' },
    { from: '/me', offers: 'one’s own assignments with their expected returns' },
  ],
  'assignment.manage': [
    { from: '/assets', offers: '“Check out” / “Check in” on an asset page, and bulk check-out' },
  ],
  'license.read': [
    { from: '/licenses', offers: 'the licenses table and each license’s page' },
    { from: '/me', offers: 'the seats one holds' },
  ],
  'license.manage': [
    { from: '/licenses', offers: '“New license”, “Edit”, “Delete”, assigning and releasing seats' },
    { from: '/import', offers: 'the licenses CSV import' },
  ],
  'license.readKey': [{ from: '/licenses', offers: 'the product key on a license’s page' }],
  'maintenance.read': [
    { from: '/maintenance', offers: 'every maintenance record' },
    { from: '/me', offers: 'the maintenance of a held asset, on its page' },
  ],
  'maintenance.manage': [
    { from: '/maintenance', offers: 'Start / Complete / Cancel' },
    { from: '/assets', offers: '“Schedule maintenance” on an asset page' },
  ],
  'compliance.read': [
    { from: '/overview', offers: 'the overview' },
    { from: '/compliance', offers: 'the compliance report' },
  ],
  'holdings.read': [{ from: '/me', offers: 'My holdings' }],
  'webhook.manage': [{ from: '/webhooks', offers: 'registering, disabling, rotating and removing webhooks' }],
  'notification.read': [{ from: 'header', offers: 'the notification bell' }],
  'token.manage': [{ from: '/tokens', offers: 'creating and revoking API tokens' }],
};
