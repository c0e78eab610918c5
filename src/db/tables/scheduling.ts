// Row types of the scheduling module's tables (see src/db/types.ts for the conventions).

export type BookingMode = 'collective' | 'round_robin';
export type BookingStatus = 'confirmed' | 'cancelled';
/** Where a meeting happens: an address, a phone number, a fixed video link, or a Jitsi Meet room made per booking. */
export type LocationKind = 'address' | 'phone' | 'video_url' | 'jitsi';

/** A user's working hours: one row per user who has set them (no row: the default, Mon–Fri 09:00–17:00). */
export interface AvailabilityRow {
  id: string;
  portal_id: string;
  user_id: string;
  /** IANA zone the hours are in. */
  time_zone: string;
  /** JSON array of { day: 1..7 (ISO, 1 = Monday), start: "HH:MM", end: "HH:MM" }. */
  weekly: string;
  /** JSON array of { date: "YYYY-MM-DD", ranges: [{ start, end }] } (empty ranges: unavailable that day). */
  overrides: string;
  created_at: string;
  updated_at: string;
}

export interface BookingPageRow {
  id: string;
  portal_id: string;
  /** Unique per portal; the public URL is /book/<portal slug>/<slug>. */
  slug: string;
  title: string;
  description: string | null;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  minimum_notice_minutes: number;
  horizon_days: number;
  /** Distance between offered start times, on the wall clock of the page's first host. */
  slot_step_minutes: number;
  /** At most this many bookings per host and local day; null: no limit. */
  daily_limit: number | null;
  mode: BookingMode;
  /** Where its meetings happen; null: not said. */
  location_kind: LocationKind | null;
  /** The address, phone number or https URL (null for jitsi: each booking gets its own room). */
  location_value: string | null;
  /** 1 while guests can book; 0 hides the page. */
  active: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface BookingPageHostRow {
  portal_id: string;
  page_id: string;
  user_id: string;
  position: number;
  /** When this host last got a booking of the page (round robin picks the one waiting longest). */
  last_booked_at: string | null;
}

export interface BookingRow {
  id: string;
  portal_id: string;
  page_id: string;
  /** The page's title when booked (the page may change or go). */
  title: string;
  /** JSON array of the user ids hosting it: all hosts (collective) or the one picked (round robin). */
  host_ids: string;
  status: BookingStatus;
  start_utc: string;
  end_utc: string;
  guest_name: string;
  guest_email: string;
  guest_time_zone: string | null;
  notes: string | null;
  /** The event in the first host's calendar (the one the guest's .ics describes); each host's own is on their hold. */
  event_id: string | null;
  /** The CRM contact the guest is. */
  contact_id: string | null;
  /** SHA-256 of the secret in the guest's reschedule/cancel link. */
  manage_token_hash: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
  /** iCalendar SEQUENCE of the guest's invitation: raised with every reschedule and the cancellation. */
  sequence: number;
  /** Where it happens, from the page when booked; for jitsi, the room URL made for this booking. */
  location_kind: LocationKind | null;
  location_value: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * One host's hold on the time of a booking. `slot_key` is the start while the
 * booking stands and the booking id once cancelled, so that the unique
 * (portal_id, host_id, slot_key) refuses a second booking at the same start.
 */
export interface BookingHoldRow {
  id: string;
  portal_id: string;
  booking_id: string;
  page_id: string;
  host_id: string;
  start_utc: string;
  end_utc: string;
  slot_key: string;
  active: number;
  /** The event in this host's calendar. */
  event_id: string | null;
}

/** One row per host that has ever been booked: locked FOR UPDATE (PostgreSQL) while a booking is checked and written. */
export interface BookingHostLockRow {
  portal_id: string;
  user_id: string;
}

/**
 * A calendar block the auto-scheduler placed for a task; re-running replaces them,
 * and a change of the user's calendar re-places those that no longer fit (ADR 0024).
 */
export interface SchedulingBlockRow {
  id: string;
  portal_id: string;
  user_id: string;
  task_id: string;
  event_id: string;
  start_utc: string;
  end_utc: string;
  /** 1: the user pinned it (or moved it by hand); re-placement and re-runs never move or remove it. */
  pinned: number;
  /** The task's estimate and due date when it was planned: a difference means the task changed. */
  task_estimate_minutes: number | null;
  task_due_at: string | null;
  created_at: string;
}

/** A re-placement asked for: one row per user while a job is queued or running; `version` counts the changes. */
export interface SchedulingReplacementRow {
  portal_id: string;
  user_id: string;
  version: number;
  requested_at: string;
}

export interface SchedulingTables {
  availability: AvailabilityRow;
  booking_pages: BookingPageRow;
  booking_page_hosts: BookingPageHostRow;
  bookings: BookingRow;
  booking_holds: BookingHoldRow;
  booking_host_locks: BookingHostLockRow;
  scheduling_blocks: SchedulingBlockRow;
  scheduling_replacements: SchedulingReplacementRow;
}
