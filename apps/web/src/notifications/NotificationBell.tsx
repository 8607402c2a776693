import { useEffect, useId, useRef, useState } from 'react';
import { trpc } from '../api/trpc.ts';
import { badgeText, bellLabel } from './links.ts';
import { NotificationInbox } from './NotificationInbox.tsx';
import { useNotificationStream } from './useNotificationStream.ts';
import './notifications.css';

/**
 * The bell in the header: the live unread count on a button that opens the inbox. New
 * notifications arrive over the subscription and are announced to screen readers.
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const unread = trpc.notifications.unreadCount.useQuery(undefined, { staleTime: 60_000 }).data?.count ?? 0;

  useNotificationStream((notification) => setAnnouncement(`New notification: ${notification.title}`));

  // A click anywhere else closes the inbox (focus stays where the click put it).
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  return (
    <div className="bell-wrap" ref={container}>
      <button
        ref={button}
        type="button"
        className="bell"
        aria-label={bellLabel(unread)}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        data-testid="notification-bell"
        data-unread={unread}
        onClick={() => setOpen((was) => !was)}
      >
        <BellIcon />
        {unread > 0 ? (
          <span className="bell-count" aria-hidden="true" data-testid="notification-count">
            {badgeText(unread)}
          </span>
        ) : null}
      </button>
      <span className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </span>
      {open ? (
        <NotificationInbox
          id={panelId}
          unread={unread}
          onClose={(returnFocus) => {
            setOpen(false);
            if (returnFocus) button.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}
