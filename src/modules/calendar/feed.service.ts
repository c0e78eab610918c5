import { createHash } from 'node:crypto';
import { scopeOf, systemContext, type AppDeps, type PortalContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { findCalendarByFeedToken, groupBy, listAttendees, listCalendarEvents, listOverrides } from './calendar.repo.js';
import type { CalendarRow, EventRow } from '../../db/tables/calendar.js';
import type { PortalScope } from '../../db/scope.js';
import { visibleCalendar } from './calendars.service.js';
import { timingOf } from './events.service.js';
import { buildIcs, type FeedEvent } from './ics-export.js';
import { nextChangeTime, type Validators } from './conditional-get.js';

/** Events with their exceptions and attendees, as the iCalendar writer takes them (the feed, and the export). */
export async function feedEventsOf(s: PortalScope, events: EventRow[]): Promise<FeedEvent[]> {
  const ids = events.map((e) => e.id);
  const overrides = groupBy(
    await listOverrides(
      s,
      ids.filter((_, i) => events[i]!.rrule),
    ),
    (o) => o.event_id,
  );
  const attendees = groupBy(await listAttendees(s, ids), (a) => a.event_id);
  return events.map((e) => ({
    uid: e.ical_uid,
    title: e.title,
    description: e.description,
    location: e.location,
    timing: timingOf(e),
    overrides: (overrides.get(e.id) ?? []).map((o) => ({
      recurrenceId: o.recurrence_id,
      cancelled: o.cancelled === 1,
      start: o.start_local,
      end: o.end_local,
      timeZone: o.time_zone,
      title: o.title,
      description: o.description,
      location: o.location,
    })),
    attendees: (attendees.get(e.id) ?? []).map((a) => ({ email: a.email, name: a.name, status: a.status })),
    reminders: JSON.parse(e.reminders) as { minutesBefore: number }[],
    sequence: e.ical_sequence,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
  }));
}

/** One calendar as an iCalendar document (the private feed, and the download). */
async function calendarIcs(ctx: PortalContext, calendar: CalendarRow): Promise<string> {
  const s = scopeOf(ctx);
  return buildIcs({ name: calendar.name, color: calendar.color }, await feedEventsOf(s, await listCalendarEvents(s, calendar.id)));
}

export interface Feed extends Validators {
  body: string;
}

/**
 * The private feed behind a secret token; a revoked or unknown token is "not found".
 * Its ETag is a hash of the document, so anything that changes what a client would
 * read (an edit, a deleted event, the calendar's name) changes it; its Last-Modified
 * is when that hash last changed, remembered on the calendar.
 */
export async function renderFeed(deps: AppDeps, token: string): Promise<Feed> {
  const calendar = token ? await findCalendarByFeedToken(deps.db, token) : undefined;
  if (!calendar) throw notFound('Calendar feed');
  const ctx = systemContext(deps, calendar.portal_id);
  const body = await calendarIcs(ctx, calendar);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  if (calendar.feed_etag === etag && calendar.feed_changed_at) return { body, etag, lastModified: new Date(calendar.feed_changed_at) };
  const changedAt = nextChangeTime(deps.clock.now(calendar.portal_id), calendar.feed_changed_at);
  await scopeOf(ctx).updateTable('calendars', { feed_etag: etag, feed_changed_at: changedAt.toISOString() }).where('id', '=', calendar.id).execute();
  return { body, etag, lastModified: changedAt };
}

/** A calendar the caller can see, as an .ics file. */
export async function exportCalendar(ctx: PortalContext, calendarId: string): Promise<string> {
  return calendarIcs(ctx, await visibleCalendar(ctx, calendarId));
}
