// Row types of the notifications module's tables (see src/db/types.ts for the conventions).

/**
 * What happens to a notification's mail: `none` (no mail), `daily` (waits for the
 * user's digest), `mailed` (queued in the outbox, instantly or in a digest).
 */
export type NotificationEmailState = 'none' | 'daily' | 'mailed';

export interface NotificationRow {
  id: string;
  portal_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  url: string;
  subject_entity: string | null;
  subject_id: string | null;
  /** For events: the calendar, so the inbox shows it only while the user sees that calendar. */
  subject_calendar_id: string | null;
  /** Unique per (portal, user) when set: the same cause notifies once. */
  dedupe_key: string | null;
  /** 1: in the inbox; 0: the user turned the kind off in the app (the row stays for its mail). */
  in_app: number;
  email_state: NotificationEmailState;
  emailed_at: string | null;
  created_at: string;
  read_at: string | null;
}

/** A user's choices per kind (JSON `{ <kind>: { inApp, email } }`), only the kinds they changed. */
export interface NotificationSettingsRow {
  portal_id: string;
  user_id: string;
  kinds: string;
  updated_at: string;
}

export interface NotificationsTables {
  notifications: NotificationRow;
  notification_settings: NotificationSettingsRow;
}
