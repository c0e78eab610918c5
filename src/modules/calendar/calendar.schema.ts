import { z } from 'zod';

const id = z.string().min(1).max(100);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #228be6' });
const calendarName = z.string().trim().min(1, { message: 'is required' }).max(100);

/** Local date-time "YYYY-MM-DDTHH:mm[:ss]" (no offset: the zone is a separate field). */
export const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: 'must be a local date-time like 2026-03-09T09:00' })
  .meta({ example: '2026-03-09T09:00' });
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-03-09' })
  .meta({ example: '2026-03-09' });
const instant = z.string().max(40).meta({ example: '2026-03-01T00:00:00Z' });

// --- Calendars -----------------------------------------------------------------------------------

export const calendarKind = z.enum(['personal', 'shared']);

export const calendarOut = z
  .object({
    id: z.string(),
    name: z.string(),
    color: z.string(),
    kind: calendarKind,
    ownerUserId: z.string().nullable(),
    isDefault: z.boolean(),
    /** Whether a private feed URL exists (the URL itself: GET …/feed-url). */
    hasFeed: z.boolean(),
    /** Whether the caller may rename, recolour or delete it (personal: its owner; shared: admins). */
    canManage: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Calendar' });

export const createCalendarBody = z.object({ name: calendarName, color: color.optional(), kind: calendarKind.default('personal') });
export const updateCalendarBody = z.object({ name: calendarName.optional(), color: color.optional() });
export const feedUrlOut = z
  .object({
    url: z.string().describe('The https (or http) address of the feed'),
    webcalUrl: z.string().describe('The same address as webcal://, which opens the subscription in a calendar app'),
  })
  .meta({ id: 'CalendarFeedUrl' });

export const importQuery = z.object({
  timeZone: z.string().max(64).optional().meta({ description: 'Zone for floating times when the file names none (X-WR-TIMEZONE); default UTC' }),
});
/** The multipart form of an import, for the API document (the route also takes the file as a text/calendar body). */
export const icsUploadForm = z.object({ file: z.file().describe('The .ics file') });
export const importResultOut = z
  .object({
    imported: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    errors: z.array(z.object({ uid: z.string().nullable(), message: z.string() })),
    /** Imported, but changed on the way: NUL characters replaced by U+FFFD. */
    warnings: z.array(z.string()),
  })
  .meta({ id: 'CalendarImportResult' });

// --- Events ---------------------------------------------------------------------------------------

const title = z.string().trim().min(1, { message: 'is required' }).max(200);
const description = z.string().max(10_000);
const location = z.string().max(500);

export const attendeeStatus = z.enum(['needs_action', 'accepted', 'declined', 'tentative']);
export const attendeeIn = z.object({
  userId: id.optional(),
  email: z.email({ message: 'must be an email address' }).max(254).optional(),
  name: z.string().trim().max(120).optional(),
  status: attendeeStatus.default('needs_action'),
});
export const attendeeOut = z
  .object({ userId: z.string().nullable(), email: z.string().nullable(), name: z.string().nullable(), status: attendeeStatus })
  .meta({ id: 'EventAttendee' });
export const reminder = z.object({ minutesBefore: z.number().int().min(0).max(40_320) }).meta({ id: 'EventReminder' });

const timingFields = {
  allDay: z.boolean().optional(),
  start: localDateTime.optional().meta({ description: 'Local start in timeZone (timed events)' }),
  end: localDateTime.optional().meta({ description: 'Local end in timeZone (timed events); after start' }),
  timeZone: z.string().max(64).optional().meta({ description: 'IANA zone, e.g. Europe/Berlin; required for timed events' }),
  startDate: localDate.optional().meta({ description: 'First day (all-day events)' }),
  endDate: localDate.optional().meta({ description: 'Day after the last day (all-day events; default startDate + 1)' }),
  rrule: z
    .string()
    .max(500)
    .nullable()
    .optional()
    .meta({ description: 'RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10', example: 'FREQ=WEEKLY;BYDAY=MO' }),
  exdates: z.array(z.string().max(40)).max(1000).optional().meta({ description: 'Original local starts of removed occurrences' }),
};

export const createEventBody = z.object({
  calendarId: id.optional().meta({ description: "Default: the caller's default personal calendar" }),
  title,
  description: description.nullable().optional(),
  location: location.nullable().optional(),
  ...timingFields,
  attendees: z.array(attendeeIn).max(200).optional(),
  reminders: z.array(reminder).max(10).optional(),
});
export const updateEventBody = createEventBody.partial().extend({ title: title.optional() });

export const overrideOut = z
  .object({
    recurrenceId: z.string(),
    cancelled: z.boolean(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    start: z.string().nullable(),
    end: z.string().nullable(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    timeZone: z.string().nullable(),
  })
  .meta({ id: 'EventOverride' });

export const eventOut = z
  .object({
    id: z.string(),
    calendarId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    allDay: z.boolean(),
    start: z.string().nullable().meta({ description: 'Local start (timed events)' }),
    end: z.string().nullable(),
    startDate: z.string().nullable().meta({ description: 'First day (all-day events)' }),
    endDate: z.string().nullable().meta({ description: 'Day after the last day (all-day events)' }),
    timeZone: z.string(),
    rrule: z.string().nullable(),
    exdates: z.array(z.string()),
    attendees: z.array(attendeeOut),
    reminders: z.array(reminder),
    overrides: z.array(overrideOut),
    icalUid: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    canEdit: z.boolean().meta({
      description: 'Whether the caller may change or delete it (they see its calendar); false for an attendee who reads an event in a calendar they cannot see',
    }),
  })
  .meta({ id: 'Event' });

export const eventParams = z.object({ id });
export const occurrenceParams = z.object({
  id,
  recurrenceId: z.string().max(40).meta({ description: 'Original local start of the occurrence (URL-encoded), e.g. 2026-03-09T09:00:00' }),
});

export const occurrenceBody = z.object({
  cancelled: z.boolean().optional(),
  title: title.optional(),
  description: description.optional(),
  location: location.optional(),
  start: localDateTime.optional(),
  end: localDateTime.optional(),
  timeZone: z.string().max(64).optional(),
  startDate: localDate.optional(),
  endDate: localDate.optional(),
});

export const eventsQuery = z.object({
  from: instant.meta({ description: 'Window start, an ISO instant' }),
  to: instant.meta({ description: 'Window end (exclusive), at most 400 days after from' }),
  calendarIds: z.string().max(4000).optional().meta({ description: 'Comma-separated calendar ids; default: every calendar you can see' }),
});

export const occurrenceOut = z
  .object({
    eventId: z.string(),
    calendarId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    start: z.string().meta({ description: 'UTC instant; for all-day events 00:00 of startDate in timeZone' }),
    end: z.string().meta({ description: 'UTC instant; for all-day events 00:00 of endDate in timeZone' }),
    allDay: z.boolean(),
    startDate: z.string().nullable().meta({ description: 'All-day events: first day' }),
    endDate: z.string().nullable().meta({ description: 'All-day events: day after the last day' }),
    timeZone: z.string(),
    recurrenceId: z.string().nullable().meta({ description: 'Original local start; null for events that do not repeat' }),
    isRecurring: z.boolean(),
    isException: z.boolean(),
  })
  .meta({ id: 'EventOccurrence' });

export type CreateEventInput = z.infer<typeof createEventBody>;
export type UpdateEventInput = z.infer<typeof updateEventBody>;
export type OccurrenceInput = z.infer<typeof occurrenceBody>;
export type AttendeeInput = z.infer<typeof attendeeIn>;
export type EventOut = z.infer<typeof eventOut>;
export type OccurrenceOut = z.infer<typeof occurrenceOut>;
export type CalendarOut = z.infer<typeof calendarOut>;
