import { randomUUID } from 'node:crypto';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError, notFound } from '../../kernel/errors.js';
import { portalScope, type Executor, type PortalScope } from '../../db/scope.js';
import { isUniqueViolation } from '../../db/errors.js';
import { recordAudit } from '../audit/index.js';
import { getUsers } from '../accounts/index.js';
import { deleteEventChildren, findCalendar, findEvent, isUserAttendee, listAttendees, listOverrides } from './calendar.repo.js';
import type { AttendeeInput, CreateEventInput, EventOut, UpdateEventInput } from './calendar.schema.js';
import type { AttendeeStatus, EventAttendeeRow, EventOverrideRow, EventRow } from '../../db/tables/calendar.js';
import { canSee, ensureDefaultCalendar, visibleCalendar } from './calendars.service.js';
import { notifyInvited } from './events.notify.js';
import { sendEventInvitations } from './events.invite.js';
import { isoUtc } from './localtime.js';
import { occurrenceChecker, seriesBounds, type OverrideTiming, type SeriesTiming } from './recurrence.js';
import { invalidField, resolveTiming, sameSchedule } from './timing.js';
import { reindexEvents } from './occurrence-index.js';
import { publishLive } from '../../kernel/live.js';
import { announceBusyTime } from './calendar.busy.js';

/** An event with its exceptions and attendees, as loaded for one use case. */
export interface EventRecord {
  row: EventRow;
  overrides: EventOverrideRow[];
  attendees: EventAttendeeRow[];
}

export const timingOf = (e: EventRow): SeriesTiming => ({
  allDay: e.all_day === 1,
  start: e.start_local,
  end: e.end_local,
  timeZone: e.time_zone,
  rrule: e.rrule,
  exdates: JSON.parse(e.exdates) as string[],
});

export const overrideTimingOf = (o: EventOverrideRow): OverrideTiming & { row: EventOverrideRow } => ({
  recurrenceId: o.recurrence_id,
  cancelled: o.cancelled === 1,
  start: o.start_local,
  end: o.end_local,
  timeZone: o.time_zone,
  row: o,
});

export function toOverrideOut(o: EventOverrideRow, allDay: boolean) {
  return {
    recurrenceId: o.recurrence_id,
    cancelled: o.cancelled === 1,
    title: o.title,
    description: o.description,
    location: o.location,
    start: allDay ? null : o.start_local,
    end: allDay ? null : o.end_local,
    startDate: allDay ? o.start_local : null,
    endDate: allDay ? o.end_local : null,
    timeZone: o.time_zone,
  };
}

export function toEventOut({ row: e, overrides, attendees }: EventRecord, canEdit: boolean): EventOut {
  const allDay = e.all_day === 1;
  return {
    id: e.id,
    calendarId: e.calendar_id,
    title: e.title,
    description: e.description,
    location: e.location,
    allDay,
    start: allDay ? null : e.start_local,
    end: allDay ? null : e.end_local,
    startDate: allDay ? e.start_local : null,
    endDate: allDay ? e.end_local : null,
    timeZone: e.time_zone,
    rrule: e.rrule,
    exdates: JSON.parse(e.exdates) as string[],
    attendees: attendees.map((a) => ({ userId: a.user_id, email: a.email, name: a.name, status: a.status })),
    reminders: JSON.parse(e.reminders) as { minutesBefore: number }[],
    overrides: overrides.map((o) => toOverrideOut(o, allDay)),
    icalUid: e.ical_uid,
    createdBy: e.created_by,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
    canEdit,
  };
}

/** An event in a calendar the caller can see; anything else is "not found". */
export async function visibleEvent(ctx: PortalContext, id: string, executor: Executor = ctx.deps.db): Promise<EventRecord> {
  const s = scopeOf(ctx, executor);
  const row = await findEvent(s, id);
  if (!row) throw notFound('Event');
  try {
    await visibleCalendar(ctx, row.calendar_id, executor);
  } catch {
    throw notFound('Event');
  }
  return { row, overrides: await listOverrides(s, [id]), attendees: await listAttendees(s, [id]) };
}

export const boundsColumns = (timing: SeriesTiming, overrides: OverrideTiming[]) => {
  const b = seriesBounds(timing, overrides);
  return { start_utc: isoUtc(b.startMs), until_utc: b.untilMs === null ? null : isoUtc(b.untilMs) };
};

export interface AttendeeValue {
  userId: string | null;
  email: string | null;
  name: string | null;
  status: AttendeeStatus;
}

/** Checks user attendees against the portal's users (filling in their name and email), links an email to its user, and drops duplicates. */
export async function resolveAttendees(ctx: PortalContext, input: AttendeeInput[]): Promise<AttendeeValue[]> {
  if (input.length === 0) return [];
  const all = await getUsers(ctx);
  const users = new Map(all.map((u) => [u.id, u]));
  // An attendee given by the email of an active user of the portal is that user: invited, reminded, and able to read the event.
  const byEmail = new Map(all.filter((u) => u.status === 'active').map((u) => [u.email.toLowerCase(), u]));
  const seen = new Set<string>();
  const out: AttendeeValue[] = [];
  input.forEach((a, i) => {
    if (!a.userId && !a.email) throw invalidField(`attendees.${i}.email`, 'is required when there is no userId');
    const user = a.userId ? users.get(a.userId) : byEmail.get(a.email!.trim().toLowerCase());
    if (a.userId && !user) throw invalidField(`attendees.${i}.userId`, 'is not a user of this portal');
    const key = user ? `u:${user.id}` : `e:${a.email!.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({
      userId: user?.id ?? null,
      email: (a.userId ? a.email : user?.email) ?? a.email ?? user?.email ?? null,
      name: a.name ?? user?.name ?? null,
      status: a.status ?? 'needs_action',
    });
  });
  return out;
}

const attendeeValueOf = (a: EventAttendeeRow): AttendeeValue => ({ userId: a.user_id, email: a.email, name: a.name, status: a.status });

export async function writeAttendees(s: PortalScope, eventId: string, attendees: AttendeeValue[]): Promise<void> {
  await s.deleteFrom('event_attendees').where('event_id', '=', eventId).execute();
  if (attendees.length === 0) return;
  await s
    .insertInto(
      'event_attendees',
      attendees.map((a, i) => ({ id: randomUUID(), event_id: eventId, user_id: a.userId, email: a.email, name: a.name, status: a.status, position: i })),
    )
    .execute();
}

const uidConflict = () => new AppError('CONFLICT', 'That calendar already has an event with the same iCalendar UID');

/**
 * Reading one event: whoever sees its calendar (and may edit it), or a user who is one of its
 * attendees (read-only, also in a personal calendar that is not theirs); anyone else: "not found".
 */
export async function getEvent(ctx: PortalContext, id: string): Promise<EventOut> {
  const s = scopeOf(ctx);
  const row = await findEvent(s, id);
  if (!row) throw notFound('Event');
  const calendar = await findCalendar(s, row.calendar_id);
  const canEdit = !!calendar && canSee(ctx, calendar);
  const reader = actorUserId(ctx);
  if (!canEdit && !(reader && (await isUserAttendee(s, id, reader)))) throw notFound('Event');
  return toEventOut({ row, overrides: await listOverrides(s, [id]), attendees: await listAttendees(s, [id]) }, canEdit);
}

/** The users (by user id) who are attendees of the event: they may read it, so live changes of it reach them too. */
export async function eventUserAttendees(executor: Executor, portalId: string, eventId: string): Promise<string[]> {
  const rows = await listAttendees(portalScope(executor, portalId), [eventId]);
  return [...new Set(rows.map((a) => a.user_id).filter((u): u is string => !!u))];
}

/**
 * May this user read the event: they see its calendar, or they are one of its attendees (by user id)?
 * A caller that knows the calendar passes it (the event may be gone; the calendar then decides).
 */
export async function userMaySeeEvent(executor: Executor, portalId: string, userId: string, eventId: string, calendarId?: string): Promise<boolean> {
  const s = portalScope(executor, portalId);
  const calendarOf = calendarId ?? (await findEvent(s, eventId))?.calendar_id;
  if (!calendarOf) return false;
  const calendar = await findCalendar(s, calendarOf);
  if (calendar && (calendar.kind === 'shared' || calendar.owner_user_id === userId)) return true;
  return isUserAttendee(s, eventId, userId);
}

export async function createEvent(ctx: PortalContext, input: CreateEventInput): Promise<EventOut> {
  const calendar = input.calendarId ? await visibleCalendar(ctx, input.calendarId) : await ensureDefaultCalendar(ctx);
  const timing = resolveTiming({ ...input, rrule: input.rrule ?? null });
  const attendees = await resolveAttendees(ctx, input.attendees ?? []);
  const at = nowIso(ctx);
  const id = randomUUID();
  const row: Omit<EventRow, 'portal_id'> = {
    id,
    calendar_id: calendar.id,
    title: input.title,
    description: input.description ?? null,
    location: input.location ?? null,
    all_day: timing.allDay ? 1 : 0,
    start_local: timing.start,
    end_local: timing.end,
    time_zone: timing.timeZone,
    rrule: timing.rrule,
    exdates: JSON.stringify(timing.exdates),
    reminders: JSON.stringify(input.reminders ?? []),
    ical_uid: `${id}@schedulingkit`,
    ical_sequence: 0,
    ical_last_modified: null,
    ...boundsColumns(timing, []),
    created_by: actorUserId(ctx),
    created_at: at,
    updated_at: at,
  };
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    await s.insertInto('events', row).execute();
    await writeAttendees(s, id, attendees);
    await reindexEvents(ctx, trx, [id]);
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'event', id: id, action: 'created', calendarId: calendar.id } });
    await announceBusyTime(ctx, trx, [id]);
    const mailed = await sendEventInvitations(ctx, trx, null, { row: { ...row, portal_id: ctx.portalId }, attendees });
    await notifyInvited(ctx, trx, row, attendees, [], mailed);
  });
  return getEvent(ctx, id);
}

const timingKeys = ['allDay', 'start', 'end', 'startDate', 'endDate', 'timeZone', 'rrule', 'exdates'] as const;

export async function updateEvent(ctx: PortalContext, id: string, input: UpdateEventInput): Promise<EventOut> {
  const current = await visibleEvent(ctx, id);
  const calendarId =
    input.calendarId && input.calendarId !== current.row.calendar_id ? (await visibleCalendar(ctx, input.calendarId)).id : current.row.calendar_id;
  const before = timingOf(current.row);
  const timing = timingKeys.some((k) => input[k] !== undefined) ? resolveTiming(input, before) : before;
  // Exceptions stay only while the occurrence they belong to still exists.
  let stale: EventOverrideRow[] = [];
  if (!sameSchedule(before, timing)) {
    const isOccurrence = timing.rrule ? occurrenceChecker(timing) : () => false;
    stale = current.overrides.filter((o) => !isOccurrence(o.recurrence_id));
  }
  const kept = current.overrides.filter((o) => !stale.includes(o));
  const attendees = input.attendees ? await resolveAttendees(ctx, input.attendees) : null;
  const patch = {
    calendar_id: calendarId,
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.location !== undefined ? { location: input.location } : {}),
    ...(input.reminders !== undefined ? { reminders: JSON.stringify(input.reminders) } : {}),
    all_day: timing.allDay ? 1 : 0,
    start_local: timing.start,
    end_local: timing.end,
    time_zone: timing.timeZone,
    rrule: timing.rrule,
    exdates: JSON.stringify(timing.exdates),
    ...boundsColumns(timing, kept.map(overrideTimingOf)),
    ical_sequence: current.row.ical_sequence + 1,
    updated_at: nowIso(ctx),
  };
  try {
    await ctx.deps.db.transaction().execute(async (trx) => {
      const s = scopeOf(ctx, trx);
      await s.updateTable('events', patch).where('id', '=', id).execute();
      if (stale.length)
        await s
          .deleteFrom('event_overrides')
          .where(
            'id',
            'in',
            stale.map((o) => o.id),
          )
          .execute();
      if (attendees) await writeAttendees(s, id, attendees);
      const before = { row: current.row, attendees: current.attendees.map(attendeeValueOf) };
      const mailed = await sendEventInvitations(ctx, trx, before, { row: { ...current.row, ...patch }, attendees: attendees ?? before.attendees });
      if (attendees)
        await notifyInvited(
          ctx,
          trx,
          { ...current.row, ...patch },
          attendees,
          current.attendees.map((a) => ({ userId: a.user_id, email: a.email })),
          mailed,
        );
      await reindexEvents(ctx, trx, [id], [current.row.calendar_id]);
      await publishLive(ctx, trx, { type: 'change', change: { entity: 'event', id: id, action: 'updated', calendarId } });
      await announceBusyTime(ctx, trx, [id], { calendarIds: [current.row.calendar_id], userIds: current.attendees.map((a) => a.user_id) });
      if (calendarId !== current.row.calendar_id) {
        await publishLive(ctx, trx, { type: 'change', change: { entity: 'event', id: id, action: 'deleted', calendarId: current.row.calendar_id } });
        await recordAudit(
          ctx,
          { action: 'calendar.event_moved', targetType: 'event', targetId: id, details: { from: current.row.calendar_id, to: calendarId } },
          trx,
        );
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw uidConflict();
    throw err;
  }
  return getEvent(ctx, id);
}

export async function deleteEvent(ctx: PortalContext, id: string): Promise<void> {
  const current = await visibleEvent(ctx, id);
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    // Its attendees' calendars get the CANCEL (read while the event is still there).
    await sendEventInvitations(ctx, trx, { row: current.row, attendees: current.attendees.map(attendeeValueOf) }, null);
    // Published first, while its attendees are still on record: the live audience includes them.
    await publishLive(ctx, trx, { type: 'change', change: { entity: 'event', id: id, action: 'deleted', calendarId: current.row.calendar_id } });
    await deleteEventChildren(s, [id]);
    await s.deleteFrom('events').where('id', '=', id).execute();
    await reindexEvents(ctx, trx, [id], [current.row.calendar_id]);
    await announceBusyTime(ctx, trx, [id], { calendarIds: [current.row.calendar_id], userIds: current.attendees.map((a) => a.user_id) });
    await recordAudit(
      ctx,
      { action: 'calendar.event_deleted', targetType: 'event', targetId: id, details: { title: current.row.title, calendarId: current.row.calendar_id } },
      trx,
    );
  });
}
