import { type Actor, can, scopeOf } from '@itam/domain';

/**
 * Where a person starts: admins and managers on the overview, other staff on the assets table,
 * everyone else on what they hold.
 */
export function homeOf(user: Actor): { path: string; label: string } {
  if (can(user, 'compliance.read')) return { path: '/overview', label: 'Back to the overview' };
  return scopeOf(user, 'asset.read') === 'all'
    ? { path: '/assets', label: 'Back to assets' }
    : { path: '/me', label: 'Back to my holdings' };
}
