import type { Executor } from '../db/scope.js';
import type { PortalContext } from './context.js';

/**
 * Notifications (PLT-10): the port through which a module tells a user that
 * something needs them. The module that changed a record calls `notify` inside the
 * transaction of the change, so the notification exists if and only if the change
 * commits. The notifications module installs the one implementation in
 * src/server/compose.ts (it drops the actor's own notifications, applies the user's
 * settings, checks the user may see the record, writes the row, mails, and tells
 * the live stream), so the modules that notify never import it.
 */
export const NOTIFICATION_KINDS = [
  'task.assigned',
  'task.commented',
  'mention',
  'task.due_soon',
  'task.overdue',
  'record.assigned',
  'event.invited',
  'event.reminder',
  'booking.created',
  'booking.rescheduled',
  'booking.cancelled',
  'export.ready',
  'import.finished',
  'billing',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification is about: the recipient must be allowed to see it, now and when reading. */
export type NotificationSubject =
  | { entity: 'task' | 'contact' | 'company' | 'lead' | 'deal' | 'booking' | 'export' | 'import' | 'invoice' | 'subscription'; id: string }
  | { entity: 'event'; id: string; calendarId: string };

export interface NotificationDraft {
  /** The recipient (a user of ctx.portalId). */
  userId: string;
  kind: NotificationKind;
  /** One line, plain text (escaped by whoever renders it). */
  title: string;
  /** A few lines, plain text. */
  body: string;
  /** Deep link inside the app, a path such as `/app/tasks/<id>`. */
  url: string;
  subject?: NotificationSubject;
  /**
   * Same key for the same recipient → one notification, however often the cause runs
   * (job retries, restarts, several processes). Reminders use e.g.
   * `event.reminder:<eventId>:<occurrenceStart>:<minutesBefore>`.
   */
  dedupeKey?: string;
  /**
   * The cause already mails the recipient this news (billing mail, the booking mails to
   * hosts, the export link): the notification is in the app only, whatever their email
   * setting, so nobody gets the same news twice by mail.
   */
  mailedByCause?: boolean;
}

export type NotificationSink = (ctx: PortalContext, executor: Executor, drafts: NotificationDraft[]) => Promise<void>;

let sink: NotificationSink | null = null;

/** Installs the implementation (src/server/compose.ts). */
export function setNotificationSink(next: NotificationSink): void {
  sink = next;
}

/** Tells users, in the caller's transaction. Without an installed sink nothing is sent. */
export async function notify(ctx: PortalContext, executor: Executor, drafts: NotificationDraft | NotificationDraft[]): Promise<void> {
  const list = Array.isArray(drafts) ? drafts : [drafts];
  if (sink && list.length > 0) await sink(ctx, executor, list);
}

/** How a user wants mail of a kind: at once, in the daily digest, or not at all (their notification settings). */
export type NotificationMailChoice = 'instant' | 'daily' | 'off';
export type NotificationMailPreference = (ctx: PortalContext, executor: Executor, userId: string, kind: NotificationKind) => Promise<NotificationMailChoice>;

let mailPreference: NotificationMailPreference | null = null;

/** Installs the reader of the users' settings (src/server/compose.ts). */
export function setNotificationMailPreference(next: NotificationMailPreference): void {
  mailPreference = next;
}

/**
 * A user's mail setting for a kind, for a module that mails them itself (the calendar's
 * invitations follow `event.invited`). Without an installed reader nothing is mailed ('off').
 */
export async function notificationMailChoice(ctx: PortalContext, executor: Executor, userId: string, kind: NotificationKind): Promise<NotificationMailChoice> {
  return mailPreference ? mailPreference(ctx, executor, userId, kind) : 'off';
}
