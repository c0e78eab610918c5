import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/errors.js';
import type { PortalScope } from '../../db/scope.js';
import { actorUserId, nowIso, scopeOf, type PortalContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { nulReplacedWarning, replaceNul } from '../../kernel/input.js';
import { recordAudit } from '../audit/index.js';
import { getUsers } from '../accounts/index.js';
import { listEventUids } from './calendar.repo.js';
import type { EventOverrideRow, EventRow } from '../../db/tables/calendar.js';
import { visibleCalendar } from './calendars.service.js';
import { boundsColumns, overrideTimingOf, writeAttendees, type AttendeeValue } from './events.service.js';
import { IcsFileError, parseIcs, type ImportedEvent } from './ics-import.js';
import { occurrenceWith, type SeriesTiming } from './recurrence.js';
import { checkTimeZone, resolveTiming } from './timing.js';
import { reindexEvents } from './occurrence-index.js';
import { announceBusyTime } from './calendar.busy.js';

export const MAX_ICS_BYTES = 10 * 1024 * 1024;

export interface ImportResult {
  imported: number;
  updated: number;
  skipped: number;
  errors: { uid: string | null; message: string }[];
  /** What was imported, but changed on the way (NULs replaced). */
  warnings: string[];
}

export interface Prepared {
  existingId: string | null;
  event: ImportedEvent;
  timing: SeriesTiming;
  overrides: Omit<EventOverrideRow, 'portal_id' | 'event_id'>[];
  attendees: AttendeeValue[];
}

const clip = (s: string | null, max: number) => (s === null ? null : s.slice(0, max));

/** A newer copy of an event we already have: a higher SEQUENCE, or the same one modified later. */
function isNewer(event: ImportedEvent, existing: { ical_sequence: number; ical_last_modified: string | null }): boolean {
  if (event.sequence !== existing.ical_sequence) return event.sequence > existing.ical_sequence;
  return !!event.lastModified && (!existing.ical_last_modified || event.lastModified > existing.ical_last_modified);
}

/**
 * Imports an .ics file into a calendar. Events already there (same UID) are
 * skipped, or replaced when the file's copy is newer. An event that cannot
 * be read (an unknown zone, a bad rule) is reported and the rest imported.
 */
export async function importIcs(ctx: PortalContext, calendarId: string, source: string, fallbackZone?: string): Promise<ImportResult> {
  // Two imports of the same events at once (a double click, two tabs): the one that
  // commits second finds the other's events on a fresh look, and skips or updates them.
  for (let attempt = 1; ; attempt++) {
    try {
      return await importOnce(ctx, calendarId, source, fallbackZone);
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
    }
  }
}

async function importOnce(ctx: PortalContext, calendarId: string, source: string, fallbackZone?: string): Promise<ImportResult> {
  const calendar = await visibleCalendar(ctx, calendarId);
  // No NUL reaches the database (ADR 0011): each becomes U+FFFD, and the result says so.
  const clean = replaceNul(source);
  let parsed: ReturnType<typeof parseIcs>;
  try {
    parsed = parseIcs(clean.text, fallbackZone ? checkTimeZone(fallbackZone) : 'UTC');
  } catch (err) {
    if (err instanceof IcsFileError) throw new AppError('INVALID_FILE', err.message, { fields: [{ path: 'file', message: err.message, in: 'body' }] });
    throw err;
  }
  const result: ImportResult = {
    imported: 0,
    updated: 0,
    skipped: parsed.cancelled,
    errors: [...parsed.errors],
    warnings: clean.count ? [nulReplacedWarning('the file', clean.count)] : [],
  };
  const existing = new Map((await listEventUids(scopeOf(ctx), calendar.id)).map((e) => [e.ical_uid, e]));
  const usersByEmail = new Map((await getUsers(ctx)).map((u) => [u.email.toLowerCase(), u]));
  const at = nowIso(ctx);

  const prepared: Prepared[] = [];
  for (const event of parsed.events) {
    const known = existing.get(event.uid);
    if (known && !isNewer(event, known)) {
      result.skipped++;
      continue;
    }
    try {
      const { timing, overrides, attendees, problems } = prepareImported(event, usersByEmail, at);
      result.errors.push(...problems);
      prepared.push({ existingId: known?.id ?? null, event, timing, overrides, attendees });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      result.errors.push({ uid: event.uid, message: err.message });
    }
  }

  const touched: string[] = [];
  await ctx.deps.db.transaction().execute(async (trx) => {
    const s = scopeOf(ctx, trx);
    for (const p of prepared) {
      const id = await writeImported(ctx, s, calendar.id, p, at);
      if (p.existingId) result.updated++;
      else result.imported++;
      touched.push(id);
    }
    await reindexEvents(ctx, trx, touched);
    await announceBusyTime(ctx, trx, touched, { calendarIds: [calendar.id] });
    await recordAudit(
      ctx,
      {
        action: 'calendar.events_imported',
        targetType: 'calendar',
        targetId: calendar.id,
        details: { imported: result.imported, updated: result.updated, skipped: result.skipped, errors: result.errors.length },
      },
      trx,
    );
  });
  return result;
}

/**
 * One event read from iCalendar in our terms: its timing checked (an AppError names what is
 * wrong), its exceptions (those that are not occurrences of the series are reported and left
 * out), its attendees linked to users by email.
 */
export function prepareImported(event: ImportedEvent, usersByEmail: Map<string, { id: string; name: string }>, at: string) {
  const timing = resolveTiming(event.timing);
  const problems: { uid: string; message: string }[] = [];
  const overrides: Prepared['overrides'] = [];
  for (const o of timing.rrule ? event.overrides : []) {
    const occ = occurrenceWith(timing, o);
    if (!occ || occ.endMs < occ.startMs) {
      problems.push({ uid: event.uid, message: `the changed occurrence ${o.recurrenceId} is not part of the series; it was left out` });
      continue;
    }
    overrides.push({
      id: randomUUID(),
      recurrence_id: o.recurrenceId,
      cancelled: o.cancelled ? 1 : 0,
      title: clip(o.title, 200),
      description: clip(o.description, 10_000),
      location: clip(o.location, 500),
      start_local: o.start,
      end_local: o.end,
      time_zone: o.timeZone,
      created_at: at,
      updated_at: at,
    });
  }
  const attendees = event.attendees.map((a): AttendeeValue => {
    const user = usersByEmail.get(a.email.toLowerCase());
    return { userId: user?.id ?? null, email: a.email, name: a.name ?? user?.name ?? null, status: a.status };
  });
  return { timing, overrides, attendees, problems };
}

/**
 * Writes a prepared event into a calendar: a new row, or (existingId) the row replaced with its
 * exceptions and attendees. Returns its id. The caller reindexes and announces, once per batch.
 */
export async function writeImported(
  ctx: PortalContext,
  s: PortalScope,
  calendarId: string,
  p: Prepared,
  at: string,
  sequence: number = p.event.sequence,
): Promise<string> {
  const { event, timing } = p;
  const fields = {
    calendar_id: calendarId,
    title: clip(event.title, 200)!,
    description: clip(event.description, 10_000),
    location: clip(event.location, 500),
    all_day: timing.allDay ? 1 : 0,
    start_local: timing.start,
    end_local: timing.end,
    time_zone: timing.timeZone,
    rrule: timing.rrule,
    exdates: JSON.stringify(timing.exdates),
    reminders: JSON.stringify(event.reminders.slice(0, 10)),
    ical_uid: event.uid,
    ical_sequence: sequence,
    ical_last_modified: event.lastModified,
    ...boundsColumns(
      timing,
      p.overrides.map((o) => overrideTimingOf({ ...o, portal_id: ctx.portalId, event_id: '' })),
    ),
    updated_at: at,
  };
  const id = p.existingId ?? randomUUID();
  if (p.existingId) {
    await s.updateTable('events', fields).where('id', '=', id).execute();
    await s.deleteFrom('event_overrides').where('event_id', '=', id).execute();
  } else {
    const row: Omit<EventRow, 'portal_id'> = { id, ...fields, created_by: actorUserId(ctx), created_at: at };
    await s.insertInto('events', row).execute();
  }
  if (p.overrides.length)
    await s
      .insertInto(
        'event_overrides',
        p.overrides.map((o) => ({ ...o, event_id: id })),
      )
      .execute();
  await writeAttendees(s, id, p.attendees);
  return id;
}
