/**
 * Part of `npm run bench:notifications` (issue 19): 10,000 event reminders due in the
 * same minute — 2,000 events in a shared calendar, each with 5 users attending — delivered
 * by the real job runner (polling, as in production) on a real server and database.
 * Measures the wall-clock time from the minute's arrival until every reminder is a
 * notification. Target: within 60 s.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { startTestServer } from '../../src/test/harness.js';
import { addUser, signupPortal } from '../../src/test/factories.js';

const EVENTS = 2000;
// The Free plan has 5 seats: the owner and 4 colleagues.
const COLLEAGUES = 4;
const MINUTE = 60_000;
const TARGET_MS = 60_000;
const LIMIT_MS = 5 * TARGET_MS;

export async function bench(opts: { pg: boolean }): Promise<string[]> {
  if (opts.pg && !process.env.DATABASE_URL) return ['reminders: skipped on PostgreSQL (DATABASE_URL is not set)'];
  const server = await startTestServer({ sqlite: !opts.pg, env: { TEST_CLOCK: '1' } });
  try {
    const owner = await signupPortal(server);
    const colleagues: { id: string }[] = [];
    for (let i = 0; i < COLLEAGUES; i++) colleagues.push((await addUser(server, owner.client)).user);
    const portalId = owner.portal.id;
    // A shared calendar: every attendee may see its events, so each is reminded.
    const shared = await owner.client.post('/api/calendars', { name: 'Team', kind: 'shared' });
    if (shared.status !== 201) throw new Error(`creating a calendar failed: ${shared.status} ${shared.text}`);
    const calendarId = shared.body.id as string;

    // All events start at the same minute, an hour from now, with a reminder 10 minutes before.
    const now = server.clock.now(portalId).getTime();
    const start = Math.ceil((now + 60 * MINUTE) / MINUTE) * MINUTE;
    const moment = start - 10 * MINUTE;
    const iso = (ms: number) => new Date(ms).toISOString();
    const at = iso(now);
    const events = Array.from({ length: EVENTS }, (_, i) => ({
      id: randomUUID(),
      portal_id: portalId,
      calendar_id: calendarId,
      title: `Meeting ${i + 1}`,
      description: null,
      location: null,
      all_day: 0,
      start_local: iso(start).slice(0, 19),
      end_local: iso(start + 30 * MINUTE).slice(0, 19),
      time_zone: 'UTC',
      rrule: null,
      exdates: '[]',
      reminders: JSON.stringify([{ minutesBefore: 10 }]),
      ical_uid: `${randomUUID()}@bench`,
      ical_sequence: 0,
      ical_last_modified: null,
      start_utc: iso(start),
      until_utc: iso(start + 30 * MINUTE),
      created_by: owner.user.id,
      created_at: at,
      updated_at: at,
    }));
    const db = server.deps.db;
    for (let i = 0; i < events.length; i += 200)
      await db
        .insertInto('events')
        .values(events.slice(i, i + 200))
        .execute();
    const attendees = events.flatMap((e) =>
      [owner.user, ...colleagues].map((u, position) => ({
        id: randomUUID(),
        portal_id: portalId,
        event_id: e.id,
        user_id: u.id,
        email: null,
        name: null,
        status: 'accepted' as const,
        position,
      })),
    );
    for (let i = 0; i < attendees.length; i += 500)
      await db
        .insertInto('event_attendees')
        .values(attendees.slice(i, i + 500))
        .execute();
    const expected = EVENTS * (COLLEAGUES + 1);

    // Any change arms the portal's reminder chain; its first scan finds the minute ahead and sleeps until it.
    const arm = await owner.client.post('/api/events', {
      title: 'Arms the chain',
      start: iso(now + 5 * 24 * 60 * MINUTE).slice(0, 19),
      end: iso(now + 5 * 24 * 60 * MINUTE + MINUTE).slice(0, 19),
      timeZone: 'UTC',
    });
    if (arm.status !== 201) throw new Error(`creating an event failed: ${arm.status} ${arm.text}`);
    await server.runJobs();

    // Counted in the notifications module's table (raw SQL: the bench does not depend on its row types).
    const delivered = async () => {
      const res = await sql<{ n: number | string }>`select count(*) as n from notifications where portal_id = ${portalId} and kind = 'event.reminder'`.execute(
        db,
      );
      return Number(res.rows[0]?.n ?? 0);
    };
    if ((await delivered()) !== 0) throw new Error('reminders were delivered before their minute');

    // The minute arrives (for the whole process: the runner's clock is the process clock); the runner polls as in production.
    server.clock.advance(moment - server.clock.now().getTime());
    const t0 = performance.now();
    server.runner.start();
    let n = 0;
    while ((n = await delivered()) < expected && performance.now() - t0 < LIMIT_MS) await new Promise((r) => setTimeout(r, 100));
    const ms = performance.now() - t0;
    server.runner.halt();
    const dialect = opts.pg ? 'PostgreSQL' : 'SQLite';
    const verdict = n === expected && ms <= TARGET_MS ? 'ok' : 'OVER TARGET';
    return [
      `reminders (${dialect}): ${n.toLocaleString('en')} of ${expected.toLocaleString('en')} reminders due in the same minute delivered in ${(ms / 1000).toFixed(1)} s (target ≤ ${TARGET_MS / 1000} s) ${verdict}`,
    ];
  } finally {
    await server.close();
  }
}
