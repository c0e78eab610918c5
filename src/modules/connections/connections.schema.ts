import { z } from 'zod';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #228be6' });
const url = z.string().trim().min(1, { message: 'is required' }).max(2000).meta({ example: 'https://calendar.example.com/feeds/team.ics' });
const name = z.string().trim().min(1, { message: 'is required' }).max(100);
const username = z.string().max(200);
const password = z.string().max(1000);

export const connectionKind = z.enum(['caldav', 'ics']);
export const connectionStatus = z.enum(['pending', 'syncing', 'ok', 'error']);

export const connectionCalendarOut = z
  .object({
    id: z.string(),
    url: z.string(),
    name: z.string(),
    color: z.string().nullable(),
    /** Its events count as busy time (availability, find-a-time, booking pages, auto-scheduling). */
    busy: z.boolean(),
    /** Bookings and auto-scheduled blocks are also written here (CalDAV; at most one per user). */
    writeBack: z.boolean(),
  })
  .meta({ id: 'ConnectionCalendar' });

export const connectionOut = z
  .object({
    id: z.string(),
    kind: connectionKind,
    name: z.string(),
    url: z.string(),
    username: z.string().nullable(),
    /** Whether a password is stored (it is never returned). */
    hasPassword: z.boolean(),
    status: connectionStatus,
    color: z.string(),
    lastSyncAt: z.string().nullable(),
    lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
    nextSyncAt: z.string().nullable(),
    eventCount: z.number().int(),
    calendars: z.array(connectionCalendarOut),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CalendarConnection' });

export type ConnectionOut = z.infer<typeof connectionOut>;

export const createConnectionBody = z.object({
  kind: connectionKind,
  url,
  username: username.optional(),
  password: password.optional(),
  name: name.optional(),
  color: color.optional(),
});
export type CreateConnectionInput = z.infer<typeof createConnectionBody>;

export const updateConnectionBody = z.object({
  name: name.optional(),
  color: color.optional(),
  url: url.optional(),
  username: username.nullable().optional(),
  password: password.nullable().optional(),
  calendars: z
    .array(z.object({ id: z.string().min(1).max(100), busy: z.boolean().optional(), writeBack: z.boolean().optional() }))
    .max(200)
    .optional(),
});
export type UpdateConnectionInput = z.infer<typeof updateConnectionBody>;

export const testConnectionBody = z.object({ kind: connectionKind, url, username: username.optional(), password: password.optional() });
export type TestConnectionInput = z.infer<typeof testConnectionBody>;

export const testConnectionOut = z
  .object({
    reachable: z.literal(true),
    /** The calendars found (one for a subscription), with their event counts where known. */
    calendars: z.array(z.object({ url: z.string(), name: z.string(), color: z.string().nullable() })),
    /** Events in the feed (subscriptions). */
    eventCount: z.number().int().nullable(),
  })
  .meta({ id: 'CalendarConnectionTest' });

export const syncOut = z
  .object({
    id: z.string(),
    status: connectionStatus,
    eventCount: z.number().int(),
    lastSyncAt: z.string().nullable(),
    lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
    /** False when the remote side said nothing changed (HTTP 304, same sync token). */
    changed: z.boolean(),
  })
  .meta({ id: 'CalendarConnectionSync' });

export const externalEventsQuery = z.object({
  start: z.string().max(40).meta({ example: '2026-03-01T00:00:00Z' }),
  end: z.string().max(40).meta({ example: '2026-04-01T00:00:00Z' }),
});

export const externalEventOut = z
  .object({
    connectionId: z.string(),
    calendarId: z.string(),
    title: z.string(),
    start: z.string(),
    end: z.string(),
    allDay: z.boolean(),
    color: z.string(),
    /** False for events marked free (TRANSP:TRANSPARENT): shown, but not busy. */
    busy: z.boolean(),
  })
  .meta({ id: 'ExternalEvent' });
