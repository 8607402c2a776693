import type { Entity } from '@itam/domain';
import { useCallback } from 'react';
import { trpc } from './trpc.ts';

/**
 * What a change makes stale, named once, so a mutation's own refresh and a live event's refresh
 * agree. `asset:<id>` and `license:<id>` are one record's queries; `asset:*` is every asset page.
 */
export type Stale =
  | 'assets'
  | 'assignments'
  | 'licenses'
  | 'maintenance'
  | 'holdings'
  | 'compliance'
  | 'events'
  | 'users'
  | 'me'
  | 'webhooks'
  | 'notifications'
  | `asset:${string}`
  | `license:${string}`;

const REPORTS: Stale[] = ['holdings', 'compliance', 'events'];

export const staleAfter = {
  /** An asset changed: edited, moved, checked out or in (assignments live on the asset's events). */
  asset: (id: string): Stale[] => ['assets', `asset:${id}`, 'assignments', 'maintenance', ...REPORTS],
  /** A license changed, or its seats did. */
  license: (id: string): Stale[] => ['licenses', `license:${id}`, ...REPORTS],
  /** Maintenance changed; starting or ending work moves its asset too. */
  maintenance: (assetId?: string | null): Stale[] => [
    'maintenance',
    'assets',
    assetId ? `asset:${assetId}` : 'asset:*',
    ...REPORTS,
  ],
  user: (): Stale[] => ['users', 'events'],
  /** A webhook changed, or one of its deliveries was sent again. */
  webhook: (): Stale[] => ['webhooks', 'events'],
} satisfies Record<Entity, (id: string) => Stale[]>;

type Utils = ReturnType<typeof trpc.useUtils>;

export function refresh(utils: Utils, keys: Iterable<Stale>) {
  for (const key of new Set(keys)) {
    if (key === 'assets') void utils.assets.list.invalidate();
    else if (key === 'assignments') void utils.assignments.list.invalidate();
    else if (key === 'licenses') void utils.licenses.list.invalidate();
    else if (key === 'maintenance') void utils.maintenance.list.invalidate();
    else if (key === 'holdings') void utils.me.holdings.invalidate();
    // The report and the overview (which carries the report).
    else if (key === 'compliance') void utils.compliance.invalidate();
    else if (key === 'events') void utils.events.list.invalidate();
    else if (key === 'users') void utils.users.list.invalidate();
    else if (key === 'me') void utils.auth.me.invalidate();
    else if (key === 'webhooks') refreshWebhooks(utils);
    else if (key === 'notifications') {
      void utils.notifications.list.invalidate();
      void utils.notifications.unreadCount.invalidate();
    } else if (key === 'asset:*') {
      void utils.assets.get.invalidate();
      void utils.assets.history.invalidate();
    } else if (key.startsWith('asset:')) {
      const id = key.slice('asset:'.length);
      void utils.assets.get.invalidate({ id });
      void utils.assets.history.invalidate({ id });
    } else if (key.startsWith('license:')) {
      void utils.licenses.get.invalidate({ id: key.slice('license:'.length) });
    }
  }
}

function refreshWebhooks(utils: Utils) {
  void utils.webhooks.list.invalidate();
  void utils.webhooks.deliveries.invalidate();
}

/** `refresh(keys)` for a component, after its own mutation succeeded or was refused. */
export function useRefresh() {
  const utils = trpc.useUtils();
  return useCallback((keys: Iterable<Stale>) => refresh(utils, keys), [utils]);
}
