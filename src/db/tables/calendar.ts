// Row types of the calendar module's tables (see src/db/types.ts for the conventions).

export type CalendarKind = 'personal' | 'shared';
export type AttendeeStatus = 'needs_action' | 'accepted' | 'declined' | 'tentative';

export interface CalendarRow {
  id: string;
  portal_id: string;
  name: string;
  /** `#rrggbb`. */
  color: string;
  kind: CalendarKind;
  /** The owner of a personal calendar; null for shared calendars. */
  owner_user_id: string | null;
  /** 1 for the one personal calendar per user that events go to by default (unique per owner). */
  is_default: number;
  /** Secret of the private iCalendar feed; null when there is none (never created or revoked). */
  feed_token: string | null;
  /** The ETag of the feed last served (a hash of the document); null before the first. */
  feed_etag: string | null;
  /** When the feed's document last changed (its Last-Modified); null before the first. */
  feed_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * One event, or one recurring series. Times are wall-clock values beside an
 * IANA zone; the UTC columns are derived from them for range queries.
 */
export interface EventRow {
  id: string;
  portal_id: string;
  calendar_id: string;
  title: string;
  description: string | null;
  location: string | null;
  all_day: number;
  /** Local start: "YYYY-MM-DDTHH:mm:ss" (timed) or "YYYY-MM-DD" (all-day). */
  start_local: string;
  /** Local end, same form; the date is exclusive for all-day events. */
  end_local: string;
  time_zone: string;
  /** RFC 5545 RRULE value (canonical form), or null for a single event. */
  rrule: string | null;
  /** JSON array of original local starts removed from the series. */
  exdates: string;
  /** JSON array of { minutesBefore }. */
  reminders: string;
  ical_uid: string;
  ical_sequence: number;
  /** LAST-MODIFIED of the imported copy (UTC ISO), to tell a newer file from an older one. */
  ical_last_modified: string | null;
  /** First occurrence's start (UTC ISO). */
  start_utc: string;
  /** Last occurrence's end (UTC ISO); null when the series never ends. */
  until_utc: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An exception to one occurrence of a series, keyed by that occurrence's original local start. */
export interface EventOverrideRow {
  id: string;
  portal_id: string;
  event_id: string;
  recurrence_id: string;
  cancelled: number;
  /** Changed fields; null = as in the series. */
  title: string | null;
  description: string | null;
  location: string | null;
  start_local: string | null;
  end_local: string | null;
  time_zone: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventAttendeeRow {
  id: string;
  portal_id: string;
  event_id: string;
  /** A user of the portal, or null for an outside guest known by email. */
  user_id: string | null;
  email: string | null;
  name: string | null;
  status: AttendeeStatus;
  position: number;
}

/** One occurrence of an event as a busy interval (the occurrence index: derived, never exported). */
export interface EventOccurrenceRow {
  portal_id: string;
  calendar_id: string;
  event_id: string;
  start_ms: number;
  end_ms: number;
}

/** The window [from_ms, to_ms) in which a calendar's occurrences are indexed; no row = nothing indexed yet. */
export interface EventOccurrenceWindowRow {
  portal_id: string;
  calendar_id: string;
  from_ms: number;
  to_ms: number;
}

export interface CalendarTables {
  calendars: CalendarRow;
  events: EventRow;
  event_overrides: EventOverrideRow;
  event_attendees: EventAttendeeRow;
  event_occurrences: EventOccurrenceRow;
  event_occurrence_windows: EventOccurrenceWindowRow;
}
