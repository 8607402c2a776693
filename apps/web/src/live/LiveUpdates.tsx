import type { AuditEvent } from '@itam/domain';
import { createContext, type ReactNode, useContext, useEffect, useRef } from 'react';
import { refresh, type Stale, staleAfter } from '../api/refresh.ts';
import { trpc } from '../api/trpc.ts';
import { useUser } from '../session/session.tsx';
import { useLiveToasts } from './useLiveToasts.ts';
import { type LiveStatus, useTrackedSubscription } from './useTrackedSubscription.ts';

const LiveContext = createContext<LiveStatus>('connecting');

export const useLiveStatus = () => useContext(LiveContext);

/** What an event makes stale. Collected over a burst of events (a reconnect's backlog), refreshed once. */
function collect(event: AuditEvent, meId: string, into: Set<Stale>) {
  const keys =
    event.entity === 'maintenance'
      ? staleAfter.maintenance(assetIdOf(event))
      : event.entity === 'user'
        ? [...staleAfter.user(), ...(event.entityId === meId ? (['me'] as const) : [])]
        : staleAfter[event.entity](event.entityId);
  for (const key of keys) into.add(key);
}

/** Maintenance events carry the record, and with it the asset it is about. */
function assetIdOf(event: AuditEvent): string | null {
  const asset = (event.after ?? event.before)?.asset;
  const id = typeof asset === 'object' && asset !== null ? (asset as { id?: unknown }).id : null;
  return typeof id === 'string' ? id : null;
}

/**
 * Listens to `events.onChange` for as long as someone is signed in, refreshes what each event
 * touches, and tells the user of other people's changes to what they have open (`useLiveToasts`).
 * Resuming after a dropped connection or a failed subscription is `useTrackedSubscription`'s.
 */
export function LiveUpdates({ children }: { children: ReactNode }) {
  const user = useUser();
  const utils = trpc.useUtils();
  const pending = useRef(new Set<Stale>());
  const timer = useRef<number | undefined>(undefined);
  const announce = useLiveToasts(user.id);

  const status = useTrackedSubscription(trpc.events.onChange.useSubscription, (event) => {
    collect(event, user.id, pending.current);
    announce(event);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      refresh(utils, pending.current);
      pending.current.clear();
    }, 150);
  });

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return <LiveContext.Provider value={status}>{children}</LiveContext.Provider>;
}

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** A dot and a word: whether the page updates itself right now. */
export function ConnectionIndicator() {
  const status = useLiveStatus();
  return (
    <span
      className={`connection connection-${status}`}
      role="status"
      aria-live="polite"
      data-testid="connection-status"
      data-status={status}
      title={status === 'live' ? 'Changes by others appear here as they happen.' : undefined}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{STATUS_TEXT[status]}</span>
    </span>
  );
}
