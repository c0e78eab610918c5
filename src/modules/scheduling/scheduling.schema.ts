import { z } from 'zod';
import { normalizeTimeZone } from '../calendar/index.js';
import { locationInput, locationOut } from './location.js';

const id = z.string().min(1).max(100);
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant, e.g. 2026-03-01T09:00:00Z' });
export const timeZone = z
  .string()
  .max(64)
  .refine((v) => normalizeTimeZone(v) !== null, { message: 'must be an IANA time zone such as Europe/Berlin' })
  .transform((v) => normalizeTimeZone(v)!)
  .meta({ example: 'Europe/Berlin' });
const clock = (what: string) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: `must be a time like 09:00 (${what})` });
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-03-09' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: 'is not a real date' });
/** Divisors of a day, so the grid is the same every day. */
export const STEPS = [5, 10, 15, 20, 30, 60];
const step = z
  .number()
  .int()
  .refine((n) => STEPS.includes(n), { message: `must be one of ${STEPS.join(', ')}` });

// --- Availability (SCH-1) --------------------------------------------------------------------------

const timeRange = z.object({ start: clock('start'), end: clock('end') });
export const weeklyRange = z.object({
  day: z.number().int().min(1).max(7).meta({ description: 'ISO weekday, 1 = Monday' }),
  start: clock('start'),
  end: clock('end'),
});
export const dateOverride = z.object({
  date,
  ranges: z.array(timeRange).max(10).optional(),
  unavailable: z.boolean().optional().meta({ description: 'true: not available at all that day' }),
});

export const availabilityBody = z.object({
  timeZone,
  weekly: z.array(weeklyRange).max(70),
  overrides: z.array(dateOverride).max(400).default([]),
});

export const availabilityOut = z
  .object({
    userId: z.string(),
    timeZone: z.string(),
    weekly: z.array(z.object({ day: z.number().int(), start: z.string(), end: z.string() })),
    overrides: z.array(z.object({ date: z.string(), ranges: z.array(z.object({ start: z.string(), end: z.string() })), unavailable: z.boolean() })),
    /** True until the user saves their own hours: then Mon–Fri 09:00–17:00 applies. */
    isDefault: z.boolean(),
    note: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'Availability' });

export const availabilityQuery = z.object({
  timeZone: timeZone.optional().meta({ description: 'Zone of the default hours when none are saved (e.g. the browser’s); default UTC' }),
});

export const windowQuery = z.object({ from: instant, to: instant });
export const userParams = z.object({ id });

const interval = z.object({ start: z.string(), end: z.string() });
export const freeBusyOut = z
  .object({ userId: z.string(), timeZone: z.string(), isDefaultHours: z.boolean(), workingHours: z.array(interval), busy: z.array(interval) })
  .meta({ id: 'FreeBusy' });

// --- Find a time (SCH-2) --------------------------------------------------------------------------

export const findTimesBody = z.object({
  attendeeIds: z.array(id).min(1).max(50),
  optionalAttendeeIds: z.array(id).max(50).default([]),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(12 * 60),
  from: instant,
  to: instant,
  granularityMinutes: step.optional(),
  timeZone: timeZone
    .optional()
    .meta({ description: 'Zone for attendees without saved hours, and whose clock the start times follow; default: the first attendee’s' }),
  limit: z.number().int().min(1).max(50).default(10),
});

const localTime = z.object({ userId: z.string(), name: z.string(), timeZone: z.string(), date: z.string(), start: z.string(), end: z.string() });
export const suggestionOut = z
  .object({
    start: z.string(),
    end: z.string(),
    score: z.number(),
    reasons: z.array(z.string()),
    parts: z.object({ timeOfDay: z.number(), fragmentation: z.number(), optionalAttendees: z.number().nullable(), soonness: z.number() }),
    localTimes: z.array(localTime),
    optionalAvailable: z.array(z.string()),
  })
  .meta({ id: 'TimeSuggestion' });
export const findTimesOut = z
  .object({ suggestions: z.array(suggestionOut), considered: z.number().int(), notes: z.array(z.string()) })
  .meta({ id: 'FindTimesResult' });

// --- Quick add (SCH-5) ----------------------------------------------------------------------------

export const parseBody = z.object({ text: z.string().trim().min(1, { message: 'is required' }).max(500), timeZone: timeZone.optional() });
const person = z.object({ id: z.string(), name: z.string(), kind: z.enum(['user', 'contact']), email: z.string().nullable() });
export const parseOut = z
  .object({
    title: z.string().nullable(),
    durationMinutes: z.number().int(),
    attendeeIds: z.array(z.string()),
    contacts: z.array(person),
    unmatchedNames: z.array(z.string()),
    ambiguous: z.array(z.object({ name: z.string(), candidates: z.array(person) })),
    window: z.object({ from: z.string(), to: z.string() }),
    timeZone: z.string(),
    understood: z.object({ duration: z.string().nullable(), when: z.string().nullable() }),
  })
  .meta({ id: 'QuickAddParse' });

// --- Auto-scheduling (SCH-4) ----------------------------------------------------------------------

export const autoScheduleBody = z.object({ userId: id.optional(), from: instant, to: instant });
export const autoScheduleOut = z
  .object({
    placed: z.array(z.object({ taskId: z.string(), title: z.string(), eventId: z.string(), start: z.string(), end: z.string() })),
    unplaced: z.array(z.object({ taskId: z.string(), title: z.string(), reason: z.enum(['overdue', 'deadline', 'no_time']), message: z.string() })),
    removedBlocks: z.number().int(),
  })
  .meta({ id: 'AutoScheduleResult' });

// --- Booking pages (SCH-3) ------------------------------------------------------------------------

export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be lowercase letters, digits and single dashes' })
  .max(60);
const minutes = (max: number) => z.number().int().min(0).max(max);

export const bookingMode = z.enum(['collective', 'round_robin']);
export const createPageBody = z.object({
  slug,
  title: z.string().trim().min(1, { message: 'is required' }).max(200),
  description: z.string().max(5000).nullish(),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(12 * 60),
  bufferBeforeMinutes: minutes(240).default(0),
  bufferAfterMinutes: minutes(240).default(0),
  minimumNoticeMinutes: minutes(60 * 24 * 60).default(0),
  horizonDays: z.number().int().min(1).max(365).default(60),
  slotStepMinutes: step.optional(),
  dailyLimit: z.number().int().min(1).max(100).nullish(),
  hostIds: z.array(id).min(1).max(50).optional(),
  mode: bookingMode.default('collective'),
  active: z.boolean().default(true),
  location: locationInput.optional(),
});
export const updatePageBody = z.object({
  slug: slug.optional(),
  title: z.string().trim().min(1, { message: 'is required' }).max(200).optional(),
  description: z.string().max(5000).nullish(),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(12 * 60)
    .optional(),
  bufferBeforeMinutes: minutes(240).optional(),
  bufferAfterMinutes: minutes(240).optional(),
  minimumNoticeMinutes: minutes(60 * 24 * 60).optional(),
  horizonDays: z.number().int().min(1).max(365).optional(),
  slotStepMinutes: step.optional(),
  dailyLimit: z.number().int().min(1).max(100).nullish(),
  hostIds: z.array(id).min(1).max(50).optional(),
  mode: bookingMode.optional(),
  active: z.boolean().optional(),
  location: locationInput.optional().describe('null clears it'),
});

const host = z.object({ userId: z.string(), name: z.string() });
export const pageOut = z
  .object({
    id: z.string(),
    slug: z.string(),
    url: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    durationMinutes: z.number().int(),
    bufferBeforeMinutes: z.number().int(),
    bufferAfterMinutes: z.number().int(),
    minimumNoticeMinutes: z.number().int(),
    horizonDays: z.number().int(),
    slotStepMinutes: z.number().int(),
    dailyLimit: z.number().int().nullable(),
    mode: bookingMode,
    active: z.boolean(),
    location: locationOut,
    hosts: z.array(host),
    canManage: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'BookingPage' });

export const pageList = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  sort: z.enum(['title', '-title', 'createdAt', '-createdAt']).default('-createdAt'),
  hostId: id.optional(),
});

export const bookingOut = z
  .object({
    id: z.string(),
    pageId: z.string(),
    pageTitle: z.string(),
    status: z.enum(['confirmed', 'cancelled']),
    start: z.string(),
    end: z.string(),
    hosts: z.array(host),
    guestName: z.string(),
    guestEmail: z.string(),
    guestTimeZone: z.string().nullable(),
    notes: z.string().nullable(),
    eventId: z.string().nullable(),
    contactId: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    location: locationOut,
    createdAt: z.string(),
  })
  .meta({ id: 'Booking' });

export const bookingList = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  pageId: id.optional(),
  status: z.enum(['confirmed', 'cancelled']).optional(),
  from: instant.optional().meta({ description: 'Only bookings starting at or after this instant' }),
});

export const cancelBody = z.object({ reason: z.string().trim().max(1000).optional() });

// --- Public booking ------------------------------------------------------------------------------

export const publicPageParams = z.object({ portalSlug: z.string().min(1).max(60), slug: z.string().min(1).max(60) });
export const tokenParams = z.object({ token: z.string().min(10).max(200) });
export const slotsQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  timeZone: timeZone.optional().meta({
    description: 'The guest’s IANA zone: slots start on the page’s step (e.g. :00 and :30) of its wall clock; default the page’s zone',
  }),
});
export const slotsOut = z
  .object({ slots: z.array(z.object({ start: z.string(), end: z.string() })), timeZone: z.string(), durationMinutes: z.number().int() })
  .meta({ id: 'BookingSlots' });

export const publicPageOut = z
  .object({
    portal: z.object({ slug: z.string(), name: z.string() }),
    slug: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    durationMinutes: z.number().int(),
    mode: bookingMode,
    hosts: z.array(z.object({ name: z.string() })),
    timeZone: z.string(),
    horizonDays: z.number().int(),
    location: locationOut,
  })
  .meta({ id: 'PublicBookingPage' });

export const bookBody = z.object({
  start: instant,
  name: z.string().trim().min(1, { message: 'is required' }).max(200),
  email: z.email({ message: 'must be an email address' }).max(254),
  timeZone: timeZone.optional(),
  notes: z.string().trim().max(2000).optional(),
});

export const publicBookingOut = z
  .object({
    status: z.enum(['confirmed', 'cancelled']),
    start: z.string(),
    end: z.string(),
    title: z.string(),
    hosts: z.array(z.object({ name: z.string() })),
    guestName: z.string(),
    guestEmail: z.string(),
    guestTimeZone: z.string().nullable(),
    portal: z.object({ slug: z.string(), name: z.string() }),
    pageSlug: z.string(),
    durationMinutes: z.number().int(),
    manageUrl: z.string().nullable(),
    location: locationOut,
  })
  .meta({ id: 'PublicBooking' });

export const rescheduleBody = z.object({
  start: instant,
  timeZone: timeZone.optional().meta({ description: 'The guest’s zone, as the slots were asked for (their grid); default the zone they booked in' }),
});

export type AvailabilityBody = z.infer<typeof availabilityBody>;
export type AvailabilityOut = z.infer<typeof availabilityOut>;
export type FindTimesBody = z.infer<typeof findTimesBody>;
export type CreatePageBody = z.infer<typeof createPageBody>;
export type UpdatePageBody = z.infer<typeof updatePageBody>;
export type PageOut = z.infer<typeof pageOut>;
export type BookingOut = z.infer<typeof bookingOut>;
export type BookBody = z.infer<typeof bookBody>;
export type PublicBookingOut = z.infer<typeof publicBookingOut>;

// --- Auto-scheduled blocks (SCH-4, re-placement and pins) ----------------------------------------

export const blockListQuery = z.object({
  from: instant.optional().describe('Blocks that end after this instant (default: now)'),
  to: instant.optional().describe('Blocks that start before this instant'),
  eventId: id.optional().describe('Only the block of this calendar event'),
});
export const blockParams = z.object({ id });
export const blockOut = z
  .object({
    id: z.string(),
    taskId: z.string(),
    eventId: z.string(),
    start: z.string(),
    end: z.string(),
    pinned: z.boolean().describe('Re-placement never moves a pinned block; moving a block by hand pins it'),
  })
  .meta({ id: 'AutoScheduledBlock' });
export const blockList = z.object({ items: z.array(blockOut) });
export const blockPatch = z.object({ pinned: z.boolean() });
