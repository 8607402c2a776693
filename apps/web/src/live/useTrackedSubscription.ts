import { useEffect, useRef, useState } from 'react';
import { isSignedOut } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';

/** Whether a live subscription delivers right now, as the header shows it. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Where a subscription starts: after the last tracked id seen, or from now. */
type ResumeInput = { lastEventId?: string };

type SubscriptionStatus = 'idle' | 'connecting' | 'pending' | 'error';

/**
 * The part of a procedure's `useSubscription` this hook needs; any subscription that yields
 * `tracked(id, data)` and takes `lastEventId` fits, such as `trpc.events.onChange.useSubscription`.
 */
export type UseTracked<T> = (
  input: ResumeInput,
  options: {
    onData: (value: { id: string; data: T }) => void;
    onError: (error: unknown) => void;
  },
) => { status: SubscriptionStatus; reset: () => void };

/** The status a subscription's state shows: before it was ever live it is still connecting. */
export function liveStatus(status: SubscriptionStatus, everLive: boolean): LiveStatus {
  if (status === 'pending') return 'live';
  if (status === 'connecting') return everLive ? 'reconnecting' : 'connecting';
  return everLive || status === 'error' ? 'offline' : 'connecting';
}

/**
 * Runs a tracked subscription for as long as the component is mounted and hands each item's data
 * to `onData`. tRPC's wsLink resumes from the last tracked id after a dropped connection; if the
 * subscription itself fails, it is started again from that id after 5 s, so nothing is missed.
 * A failure that means the session is gone sends the dashboard back to sign-in.
 */
export function useTrackedSubscription<T>(
  useSubscription: UseTracked<T>,
  onData: (data: T) => void,
): LiveStatus {
  const utils = trpc.useUtils();
  const lastId = useRef<string | null>(null);
  const latest = useRef(onData);
  latest.current = onData;
  const [input, setInput] = useState<ResumeInput>({});
  const [everLive, setEverLive] = useState(false);

  const subscription = useSubscription(input, {
    onData: ({ id, data }) => {
      lastId.current = id;
      latest.current(data);
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
      const from = lastId.current ?? undefined;
      // A new input restarts the subscription from the last item seen; the same input needs reset().
      if (from !== input.lastEventId) setInput(from ? { lastEventId: from } : {});
      else reset();
    }, 5_000);
    return () => window.clearTimeout(retry);
  }, [failed, input.lastEventId, reset]);

  const isLive = subscription.status === 'pending';
  useEffect(() => {
    if (isLive) setEverLive(true);
  }, [isLive]);

  return liveStatus(subscription.status, everLive);
}
