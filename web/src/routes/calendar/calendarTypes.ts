/** Shapes of the calendar API, from the generated OpenAPI types. */
import type { Schema } from '../../api/types';

export type CalendarInfo = Schema<'Calendar'>;
export type CalendarKind = CalendarInfo['kind'];
export type EventOverride = Schema<'EventOverride'>;
/** An event as stored: local start/end in timeZone (timed events), startDate/endDate (all-day events). */
export type EventDetail = Schema<'Event'>;
export type AttendeeStatus = Schema<'EventAttendee'>['status'];
/** One item of GET /api/events: an occurrence, with start/end as UTC instants. */
export type Occurrence = Schema<'EventOccurrence'>;
export type ImportResult = Schema<'CalendarImportResult'>;
