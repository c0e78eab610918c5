import { scopeOf, systemContext } from '../../kernel/context.js';
import { PermanentJobError, type JobHandler } from '../../kernel/jobs/runner.js';
import type { ScheduledEventsSink } from '../../kernel/scheduled-events.js';
import { eventIcs } from '../calendar/index.js';
import { DavError } from './caldav-client.js';
import { caldavClientFor } from './caldav.sync.js';
import { findConnection, writeBackCalendarsOf } from './connections.repo.js';
import { openSecret, SecretUnreadableError } from './secrets.js';

/**
 * Write-back (issue 18 item 3): the bookings and auto-scheduled blocks in a
 * user's calendar are copied into the one CalDAV calendar they chose
 * (`writeBack`), moved and deleted with them. Scheduling's event writes tell
 * the kernel port `scheduledEventsChanged` (calendar.writes.ts); the reaction
 * below queues a job in that same transaction, so a booking never waits for
 * the other server and a copy is never written for a booking that rolled back.
 * The job retries with the queue's backoff (10 s, 20 s, … up to an hour).
 *
 * The copy lives at `<calendar>/<UID>.ics` under the event's own UID, so an
 * update or delete needs nothing stored; the copy is this app's, so it is
 * written without a precondition (the booking is the truth). A job always
 * writes the event's current state: one that finds its event gone does
 * nothing (the delete's own job removes the copy).
 */

export const WRITE_BACK_JOB = 'connections.write-back';

interface WriteBackPayload {
  eventId: string;
  icalUid: string;
  calendarId: string;
  action: 'upsert' | 'delete';
}

export const queueWriteBack: ScheduledEventsSink = async (ctx, executor, changes) => {
  const s = scopeOf(ctx, executor);
  const targets = new Map<string, string | null>();
  for (const change of changes) {
    const owner = change.ownerUserId;
    if (!owner) continue;
    if (!targets.has(owner)) targets.set(owner, (await writeBackCalendarsOf(s, owner))[0]?.id ?? null);
    const calendarId = targets.get(owner);
    if (!calendarId) continue;
    const payload: WriteBackPayload = { eventId: change.eventId, icalUid: change.icalUid, calendarId, action: change.action };
    await ctx.deps.jobs.enqueue(executor, WRITE_BACK_JOB, payload, { portalId: ctx.portalId, maxAttempts: 10 });
  }
};

export const writeBackJob: JobHandler<WriteBackPayload> = async (deps, job) => {
  if (!job.portalId) return;
  const ctx = systemContext(deps, job.portalId);
  const s = scopeOf(ctx);
  const { eventId, icalUid, calendarId, action } = job.payload;
  const calendar = await s.selectFrom('connection_calendars').selectAll().where('id', '=', calendarId).executeTakeFirst();
  if (!calendar) return; // disconnected since
  const connection = await findConnection(s, calendar.connection_id);
  if (!connection || connection.kind !== 'caldav') return;
  let password: string | null;
  try {
    password = connection.secret ? openSecret(deps.config, connection.id, connection.secret) : null;
  } catch (err) {
    if (err instanceof SecretUnreadableError) throw new PermanentJobError(`write-back: the stored password cannot be read: ${err.message}`);
    throw err;
  }
  const { config } = deps;
  const client = caldavClientFor(connection.url, connection.username, password, {
    timeoutMs: config.CALENDAR_FETCH_TIMEOUT_MS,
    maxBytes: config.CALENDAR_MAX_BYTES,
    allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK,
  });
  try {
    if (action === 'delete') {
      await client.deleteEvent(new URL(client.eventHref(calendar.url, icalUid), calendar.url).href);
      return;
    }
    const ics = await eventIcs(ctx, deps.db, eventId, calendar.name);
    if (!ics) return;
    await client.putEvent(calendar.url, icalUid, ics, null, { overwrite: true });
  } catch (err) {
    if (err instanceof DavError && !err.retryable) throw new PermanentJobError(`write-back to ${calendar.url}: ${err.message}`);
    throw err;
  } finally {
    client.close();
  }
};
