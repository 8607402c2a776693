import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useRefresh } from '../api/refresh.ts';
import { type RouterOutputs, trpc } from '../api/trpc.ts';
import { formatDateTime } from '../lib/format.ts';
import { subjectPath } from './links.ts';

type NotificationView = RouterOutputs['notifications']['list']['items'][number];

/**
 * The inbox under the bell: newest first, "Load more" for older ones, an unread-only filter,
 * mark one or all read. Focus moves to its heading when it opens; Escape closes it and returns
 * focus to the bell (`onClose(true)`); following a link closes it and marks that one read.
 */
export function NotificationInbox({
  id,
  unread,
  onClose,
}: {
  id: string;
  unread: number;
  onClose: (returnFocus: boolean) => void;
}) {
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const refresh = useRefresh();
  const pages = trpc.notifications.list.useInfiniteQuery(
    { limit: 20, ...(unreadOnly ? { unread: true } : {}) },
    { getNextPageParam: (last) => last.nextCursor },
  );
  const markRead = trpc.notifications.markRead.useMutation({
    onSettled: () => refresh(['notifications']),
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose(true);
    }
  };

  return (
    <div
      id={id}
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      className="inbox"
      data-testid="notification-inbox"
      onKeyDown={onKeyDown}
    >
      <div className="inbox-head">
        <h2 id={titleId} ref={heading} tabIndex={-1} className="inbox-title">
          Notifications
        </h2>
        <button
          type="button"
          className="button small"
          disabled={unread === 0 || markRead.isPending}
          onClick={() => markRead.mutate({ all: true })}
        >
          Mark all read
        </button>
      </div>
      <label className="inbox-filter">
        <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
        Unread only
      </label>
      {pages.isPending ? (
        <p className="inbox-empty">Loading…</p>
      ) : pages.isError ? (
        <p className="inbox-empty" role="alert">
          The notifications could not be loaded.
        </p>
      ) : items.length === 0 ? (
        <p className="inbox-empty">{unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</p>
      ) : (
        <ul className="inbox-list">
          {items.map((n) => (
            <InboxItem
              key={n.id}
              notification={n}
              onOpen={() => {
                if (!n.readAt) markRead.mutate({ ids: [n.id] });
                onClose(false);
              }}
              onMarkRead={() => markRead.mutate({ ids: [n.id] })}
            />
          ))}
        </ul>
      )}
      {pages.hasNextPage ? (
        <button
          type="button"
          className="button small block"
          disabled={pages.isFetchingNextPage}
          onClick={() => void pages.fetchNextPage()}
        >
          Load more
        </button>
      ) : null}
    </div>
  );
}

function InboxItem({
  notification: n,
  onOpen,
  onMarkRead,
}: {
  notification: NotificationView;
  onOpen: () => void;
  onMarkRead: () => void;
}) {
  const unread = n.readAt === null;
  return (
    <li
      className={`inbox-item${unread ? ' inbox-item-unread' : ''}`}
      data-testid="notification-item"
      data-kind={n.kind}
      data-read={unread ? 'false' : 'true'}
    >
      <Link to={subjectPath(n.subject)} className="inbox-link" onClick={onOpen}>
        {unread ? <span className="visually-hidden">Unread: </span> : null}
        <span className="inbox-item-title">{n.title}</span>
        <span className="inbox-item-body">{n.body}</span>
        <time className="inbox-item-time" dateTime={n.createdAt}>
          {formatDateTime(n.createdAt)}
        </time>
      </Link>
      {unread ? (
        <button
          type="button"
          className="button small"
          aria-label={`Mark read: ${n.title}`}
          onClick={onMarkRead}
        >
          Mark read
        </button>
      ) : null}
    </li>
  );
}
