import type { AuditEvent } from '@itam/domain';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { isSignedOut } from '../api/errors.ts';
import { refresh, type Stale, staleAfter } from '../api/refresh.ts';
import { trpc } from '../api/trpc.ts';
import { useUser } from '../session/session.tsx';
import { useLiveToasts } from './useLiveToasts.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

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
 * touches, and tells the user of other people's changes to what they have open (`useLiveToasts`). tRPC's wsLink resumes from the last tracked id after a dropped connection; if the
 * subscription itself fails, it is started again with that id, so no change is missed.
 */
export function LiveUpdates({ children }: { children: ReactNode }) {
  const user = useUser();
  const utils = trpc.useUtils();
  const lastEventId = useRef<string | null>(null);
  const pending = useRef(new Set<Stale>());
  const timer = useRef<number | undefined>(undefined);
  const [input, setInput] = useState<{ lastEventId?: string }>({});
  const [everLive, setEverLive] = useState(false);
  const announce = useLiveToasts(user.id);

  const subscription = trpc.events.onChange.useSubscription(input, {
    onData: ({ id, data }) => {
      lastEventId.current = id;
      collect(data, user.id, pending.current);
      announce(data);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        refresh(utils, pending.current);
        pending.current.clear();
      }, 150);
    },
    onError: (error) => {
      if (isSignedOut(error)) void utils.auth.me.invalidate();
    },
  });

  const failed = subscription.status === 'error';
  const { reset } = subscription;
  useEffect(() => {
    if (!failed) return;
    const retry = window.setTimeout(() => {
      const from = lastEventId.current ?? undefined;
      // A new input restarts the subscription from the last event seen; the same input needs reset().
      if (from !== input.lastEventId) setInput(from ? { lastEventId: from } : {});
      else reset();
    }, 5_000);
    return () => window.clearTimeout(retry);
  }, [failed, input.lastEventId, reset]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const isLive = subscription.status === 'pending';
  useEffect(() => {
    if (isLive) setEverLive(true);
  }, [isLive]);

  const status: LiveStatus = isLive
    ? 'live'
    : subscription.status === 'connecting'
      ? everLive
        ? 'reconnecting'
        : 'connecting'
      : everLive || failed
        ? 'offline'
        : 'connecting';

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
