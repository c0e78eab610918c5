// The calendar module's front door: what other modules, the server and the CLI may use.
// Anything not exported here is private to the module (checked by `npm run deps:check`).
export { calendarIcsChunks, calendarPortable, listAllCalendars } from './calendar.portable.js';
export { eventInstants } from './calendar.busy.js';
export { onEventsChanged } from './calendar.hooks.js';
export type { EventsChange } from './calendar.hooks.js';
export { eventCalendarsOf, eventIdByUid, eventIdsInRange, eventObjects, eventStamps, EventObjectError, saveEventObject } from './calendar.dav.js';
export type { EventStamp, SavedEvent } from './calendar.dav.js';
export { calendarRoutes } from './calendar.routes.js';
export { eventReadableBy } from './calendar.visibility.js';
export type { CreateEventInput } from './calendar.schema.js';
export { deleteEventsById, eventIcs, eventIdentities, insertTimedEvent, moveTimedEvent } from './calendar.writes.js';
export { itipIcs, mailAddressOf } from './itip.js';
export type { ItipAttendee, ItipMessage, ItipMethod } from './itip.js';
export { calendarAudience, createCalendar, ensureDefaultCalendar, getCalendar, listCalendars, updateCalendar } from './calendars.service.js';
export { createEvent, deleteEvent, eventUserAttendees, getEvent, updateEvent, userMaySeeEvent } from './events.service.js';
export { foldLines, icsCalAddress, icsClean, icsParam, icsProperty, icsText, icsTextProperty } from './ics-text.js';
export { importIcs } from './import.service.js';
export { expandIcs } from './ics-expand.js';
export type { ExpandedIcs, ExpandedOccurrence } from './ics-expand.js';
export { registerExternalBusy } from './external-busy.js';
export type { ExternalBusySource } from './external-busy.js';
export { normalizeTimeZone } from './localtime.js';
export { busyOf, listBusyIntervals, putOccurrence } from './occurrences.service.js';
export { listReminderOccurrences } from './reminders.query.js';
export type { ReminderOccurrence } from './reminders.query.js';
