import { type Actor, scopeOf } from '@itam/domain';

/** Where a person starts: staff on the assets table, everyone else on what they hold. */
export function homeOf(user: Actor): { path: string; label: string } {
  return scopeOf(user, 'asset.read') === 'all'
    ? { path: '/assets', label: 'Back to assets' }
    : { path: '/me', label: 'Back to my holdings' };
}
