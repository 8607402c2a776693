import type { Notification } from '@itam/domain';
import { useEffect, useRef, useState } from 'react';
import { isSignedOut } from '../api/errors.ts';
import { refresh } from '../api/refresh.ts';
import { trpc } from '../api/trpc.ts';

/**
 * Listens to `notifications.onNew` while someone is signed in: each new notification refreshes
 * the inbox and the unread count, and is handed to `onNew`. The wsLink resumes from the last
 * tracked id after a dropped socket; a failed subscription is started again from it.
 */
export function useNotificationStream(onNew: (notification: Notification) => void) {
  const utils = trpc.useUtils();
  const lastId = useRef<string | null>(null);
  const latest = useRef(onNew);
  latest.current = onNew;
  const [input, setInput] = useState<{ lastEventId?: string }>({});

  const subscription = trpc.notifications.onNew.useSubscription(input, {
    onData: ({ id, data }) => {
      lastId.current = id;
      refresh(utils, ['notifications']);
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
      if (from !== input.lastEventId) setInput(from ? { lastEventId: from } : {});
      else reset();
    }, 5_000);
    return () => window.clearTimeout(retry);
  }, [failed, input.lastEventId, reset]);

  // Back after a dropped connection: anything read or made meanwhile shows in the count.
  const isLive = subscription.status === 'pending';
  useEffect(() => {
    if (isLive) refresh(utils, ['notifications']);
  }, [isLive, utils]);
}
