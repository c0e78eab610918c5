import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import type { Body, Schema } from '../api/types';

/**
 * Notifications (PLT-10) as the bell, the inbox and the settings page use them.
 * Every query key starts with NOTIFICATIONS_KEY: the live stream invalidates exactly
 * that prefix when a notification arrives, which refreshes all of them at once.
 */
export const NOTIFICATIONS_KEY = ['notifications'] as const;

export type NotificationKind =
  | 'task.assigned'
  | 'task.commented'
  | 'mention'
  | 'task.due_soon'
  | 'task.overdue'
  | 'record.assigned'
  | 'event.invited'
  | 'event.reminder'
  | 'booking.created'
  | 'booking.rescheduled'
  | 'booking.cancelled'
  | 'export.ready'
  | 'import.finished'
  | 'billing';

/** `kind` is one of {@link NotificationKind} (the document types it as a string). */
export type AppNotification = Omit<Schema<'Notification'>, 'kind'> & { kind: NotificationKind };

export interface NotificationPage {
  items: AppNotification[];
  nextCursor: string | null;
  unreadCount: number;
}

export type KindSetting = Schema<'NotificationKindSetting'>;
export type EmailDelivery = KindSetting['email'];
export type NotificationSettings = Schema<'NotificationSettings'>;
export type NotificationSettingsUpdate = Body<'/api/me/notification-settings', 'put'>;

export interface NotificationFilter {
  unread?: boolean;
  kind?: NotificationKind | null;
}

export async function fetchNotifications(filter: NotificationFilter & { limit: number; cursor?: string | null }, signal?: AbortSignal) {
  const query = { unread: filter.unread ? ('1' as const) : undefined, kind: filter.kind ?? undefined, limit: filter.limit, cursor: filter.cursor ?? undefined };
  return (await unwrap(client.GET('/api/notifications', { params: { query }, signal }))) as NotificationPage;
}

export const fetchNotificationSettings = (signal?: AbortSignal) => unwrap(client.GET('/api/me/notification-settings', { signal }));

export const saveNotificationSettings = (body: NotificationSettingsUpdate) => unwrap(client.PUT('/api/me/notification-settings', { body }));

/** Marks some notifications (or all of them) read; every notifications query refreshes after. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) => unwrap(client.POST('/api/notifications/read', { body: which })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

/** How each kind is called on screen (issue 15 moves these into the catalogue). */
export const KIND_LABELS: Record<NotificationKind, string> = {
  'task.assigned': 'A task is assigned to you',
  'task.commented': 'Someone comments on your task',
  mention: 'Someone mentions you',
  'task.due_soon': 'A task of yours is due soon',
  'task.overdue': 'A task of yours is overdue',
  'record.assigned': 'A deal, lead or contact is assigned to you',
  'event.invited': 'You are invited to an event',
  'event.reminder': 'Event reminders',
  'booking.created': 'Someone books a time with you',
  'booking.rescheduled': 'A booking is rescheduled',
  'booking.cancelled': 'A booking is cancelled',
  'export.ready': 'An export is ready',
  'import.finished': 'An import has finished',
  billing: 'Billing (admins)',
};

/** Short names for badges and the kind filter. */
export const KIND_SHORT: Record<NotificationKind, string> = {
  'task.assigned': 'Task assigned',
  'task.commented': 'Comment',
  mention: 'Mention',
  'task.due_soon': 'Due soon',
  'task.overdue': 'Overdue',
  'record.assigned': 'CRM assignment',
  'event.invited': 'Invitation',
  'event.reminder': 'Reminder',
  'booking.created': 'New booking',
  'booking.rescheduled': 'Booking moved',
  'booking.cancelled': 'Booking cancelled',
  'export.ready': 'Export',
  'import.finished': 'Import',
  billing: 'Billing',
};

export const NOTIFICATION_KINDS = Object.keys(KIND_LABELS) as NotificationKind[];
