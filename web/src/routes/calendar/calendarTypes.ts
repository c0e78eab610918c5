/** Shapes of the calendar API (src/modules/calendar/calendar.schema.ts on the server). */

export type CalendarKind = 'personal' | 'shared';
export type AttendeeStatus = 'needs_action' | 'accepted' | 'declined' | 'tentative';

export interface CalendarInfo {
  id: string;
  name: string;
  color: string;
  kind: CalendarKind;
  ownerUserId: string | null;
  isDefault: boolean;
  hasFeed: boolean;
  canManage: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface EventOverride {
  recurrenceId: string;
  cancelled: boolean;
  title: string | null;
  description: string | null;
  location: string | null;
  start: string | null;
  end: string | null;
  startDate: string | null;
  endDate: string | null;
  timeZone: string | null;
}

export interface EventDetail {
  id: string;
  calendarId: string;
  title: string;
  description: string | null;
  location: string | null;
  allDay: boolean;
  /** Local start/end in timeZone (timed events). */
  start: string | null;
  end: string | null;
  /** First day and the day after the last (all-day events). */
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  rrule: string | null;
  exdates: string[];
  attendees: { userId: string | null; email: string | null; name: string | null; status: AttendeeStatus }[];
  reminders: { minutesBefore: number }[];
  overrides: EventOverride[];
  icalUid: string;
}

/** One item of GET /api/events: an occurrence, with start/end as UTC instants. */
export interface Occurrence {
  eventId: string;
  calendarId: string;
  title: string;
  description: string | null;
  location: string | null;
  start: string;
  end: string;
  allDay: boolean;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  recurrenceId: string | null;
  isRecurring: boolean;
  isException: boolean;
}

export interface ImportResult {
  imported: number;
  updated: number;
  skipped: number;
  errors: { uid: string | null; message: string }[];
}
