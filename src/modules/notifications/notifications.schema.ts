import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../kernel/notify.js';
import { pageQuery } from '../../kernel/pagination.js';

export const notificationKind = z.enum(NOTIFICATION_KINDS);

export const notificationOut = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    url: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });
export type NotificationOut = z.infer<typeof notificationOut>;

export const inboxQuery = pageQuery.extend({
  unread: z.enum(['0', '1', 'true', 'false']).optional().describe('1: only unread notifications'),
  kind: notificationKind.optional(),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

export const inboxOut = z.object({
  items: z.array(notificationOut),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});

export const markReadBody = z
  .object({
    ids: z.array(z.string().max(100)).min(1).max(500).optional(),
    all: z.literal(true).optional(),
  })
  .refine((b) => b.ids !== undefined || b.all === true, { message: 'give ids or all: true' });
export type MarkReadBody = z.infer<typeof markReadBody>;

export const markReadOut = z.object({ marked: z.number().int(), unreadCount: z.number().int() });

export const kindSetting = z.object({ inApp: z.boolean(), email: z.enum(['instant', 'daily', 'off']) }).meta({ id: 'NotificationKindSetting' });

export const settingsOut = z.object({ kinds: z.record(notificationKind, kindSetting) }).meta({ id: 'NotificationSettings' });

/** A partial update: only the kinds given change; an unknown kind is refused (VALIDATION_FAILED). */
export const settingsBody = z.object({ kinds: z.partialRecord(notificationKind, kindSetting) }).strict();
export type SettingsBody = z.infer<typeof settingsBody>;
