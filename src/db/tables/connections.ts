// Row types of the connections module's tables (see src/db/types.ts for the conventions).

export type ConnectionKind = 'ics' | 'caldav';
export type ConnectionStatus = 'pending' | 'syncing' | 'ok' | 'error';

/** A user's connection to an outside calendar (docs/decisions/0027-connected-calendars.md). */
export interface CalendarConnectionRow {
  id: string;
  portal_id: string;
  /** The owner: only they see and use it. */
  user_id: string;
  kind: ConnectionKind;
  name: string;
  color: string | null;
  /** The feed address (webcal:// stored as https://) or the CalDAV base URL. */
  url: string;
  username: string | null;
  /** The password, AES-256-GCM encrypted (connections/secrets.ts); never returned. */
  secret: string | null;
  status: ConnectionStatus;
  last_sync_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  /** Failed syncs in a row: the backoff grows with it; 0 after a success. */
  failures: number;
  /** When the next background sync is due: the queued `connections.sync` job whose payload matches. */
  next_sync_at: string | null;
  /** The feed's ETag and Last-Modified from the last full fetch (sent back as If-None-Match / If-Modified-Since). */
  http_etag: string | null;
  http_last_modified: string | null;
  /** Occurrences are stored up to here; a sync fetches in full again before the window runs short. */
  window_end: string | null;
  event_count: number;
  created_at: string;
  updated_at: string;
}

/** One calendar of a connection (an iCalendar subscription has exactly one). */
export interface ConnectionCalendarRow {
  id: string;
  portal_id: string;
  connection_id: string;
  url: string;
  name: string;
  color: string | null;
  /** 1: its events count as busy time. */
  busy: number;
  /** 1: bookings and auto-scheduled blocks are also written here (at most one per user). */
  write_back: number;
  sync_token: string | null;
  ctag: string | null;
  created_at: string;
  updated_at: string;
}

/** What the last sync saw of one remote item (CalDAV resource). */
export interface ConnectionItemRow {
  portal_id: string;
  calendar_id: string;
  href: string;
  etag: string | null;
  updated_at: string;
}

/** One occurrence read from a connected calendar (a cache, rebuilt by every sync). */
export interface ExternalEventRow {
  id: string;
  portal_id: string;
  user_id: string;
  connection_id: string;
  calendar_id: string;
  /** The remote item it came from (CalDAV), or null for a subscription. */
  href: string | null;
  uid: string;
  recurrence_id: string | null;
  title: string;
  start_utc: string;
  end_utc: string;
  all_day: number;
  /** 0 for TRANSP:TRANSPARENT (shown, not busy). */
  busy: number;
}

export interface ConnectionsTables {
  calendar_connections: CalendarConnectionRow;
  connection_calendars: ConnectionCalendarRow;
  connection_items: ConnectionItemRow;
  external_events: ExternalEventRow;
}
