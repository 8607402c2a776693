import { z } from 'zod';
import { Cursor, IsoDateTime, Limit, PageDirection } from '../common.ts';
import { NOTIFICATION_KINDS, NOTIFICATION_SUBJECTS } from './kinds.ts';

/** Notification ids are decimal strings of a growing number, like event ids. */
export const NotificationId = z.string().regex(/^(0|[1-9]\d{0,14})$/, 'Expected a notification id.');

export const Notification = z.object({
  id: NotificationId,
  kind: z.enum(NOTIFICATION_KINDS),
  subject: z.object({ type: z.enum(NOTIFICATION_SUBJECTS), id: z.string() }),
  title: z.string(),
  body: z.string(),
  /** The facts behind the text (dates, tags, days), for clients that render their own. */
  payload: z.record(z.string(), z.union([z.string(), z.number()])),
  createdAt: IsoDateTime,
  readAt: IsoDateTime.nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const ListNotificationsInput = z
  .strictObject({
    unread: z.boolean().optional(),
    cursor: Cursor.nullish(),
    direction: PageDirection,
    limit: Limit,
  })
  .default({ limit: 50 });

/** Either some of one's notifications by id, or all of them. */
export const MarkNotificationsReadInput = z
  .strictObject({
    ids: z.array(NotificationId).min(1).max(500).optional(),
    all: z.literal(true).optional(),
  })
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), {
    message: 'Give either ids or all: true.',
  });

export const OnNewNotificationInput = z.strictObject({ lastEventId: NotificationId.nullish() }).default({});
