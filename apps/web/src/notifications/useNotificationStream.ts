import type { Notification } from '@itam/domain';
import { useEffect } from 'react';
import { refresh } from '../api/refresh.ts';
import { trpc } from '../api/trpc.ts';
import { useTrackedSubscription } from '../live/useTrackedSubscription.ts';

/**
 * Listens to `notifications.onNew` while someone is signed in: each new notification refreshes
 * the inbox and the unread count, and is handed to `onNew`. Resuming after a dropped connection
 * or a failed subscription is `useTrackedSubscription`'s.
 */
export function useNotificationStream(onNew: (notification: Notification) => void) {
  const utils = trpc.useUtils();
  const status = useTrackedSubscription(trpc.notifications.onNew.useSubscription, (notification) => {
    refresh(utils, ['notifications']);
    onNew(notification);
  });

  // Back after a dropped connection: anything read or made meanwhile shows in the count.
  const isLive = status === 'live';
  useEffect(() => {
    if (isLive) refresh(utils, ['notifications']);
  }, [isLive, utils]);
}
