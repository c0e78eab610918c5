import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDAVClient, type DAVCalendar } from 'tsdav';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { appPasswordFor, vevent } from './caldav.testkit.js';

/** tsdav, a real CalDAV client, against our server: discovery from the base URL, then what a calendar app does. */

let server: TestServer;
let owner: SignedUpPortal;
let client: Awaited<ReturnType<typeof createDAVClient>>;

beforeAll(async () => {
  server = await startTestServer();
  owner = await signupPortal(server);
  await owner.client.post('/api/calendars', { name: 'Work' });
  const { password } = await appPasswordFor(owner.client, 'tsdav');
  client = await createDAVClient({
    serverUrl: server.url,
    credentials: { username: owner.user.email, password },
    authMethod: 'Basic',
    defaultAccountType: 'caldav',
  });
});
afterAll(async () => {
  await server?.close();
});

describe('tsdav as a CalDAV client', () => {
  let work: DAVCalendar;

  it('discovers the principal and home from the base URL and lists the calendars', async () => {
    const calendars = await client.fetchCalendars();
    const names = calendars.map((c) => c.displayName).sort();
    expect(names).toEqual(['My calendar', 'Work']);
    work = calendars.find((c) => c.displayName === 'Work')!;
    expect(work.url).toMatch(new RegExp(`/dav/calendars/${owner.user.id}/[^/]+/$`));
    expect(work.components).toEqual(['VEVENT']);
    expect(work.syncToken).toMatch(/^urn:x-schedulingkit:sync:/);
  });

  it('creates, updates and deletes an event, and fetches by time range', async () => {
    const created = await client.createCalendarObject({
      calendar: work,
      filename: 'standup.ics',
      iCalString: vevent({
        uid: 'standup@tsdav',
        summary: 'Standup',
        start: '20260302T090000',
        end: '20260302T091500',
        tzid: 'Europe/Berlin',
        rrule: 'FREQ=DAILY;COUNT=30',
      }),
    });
    expect(created.status).toBe(201);

    const march = await client.fetchCalendarObjects({ calendar: work, timeRange: { start: '2026-03-20T00:00:00Z', end: '2026-03-21T00:00:00Z' } });
    expect(march.map((o) => o.url)).toEqual([`${work.url}standup.ics`]);
    expect(march[0]!.data).toContain('UID:standup@tsdav');
    const april = await client.fetchCalendarObjects({ calendar: work, timeRange: { start: '2026-04-10T00:00:00Z', end: '2026-04-11T00:00:00Z' } });
    expect(april).toEqual([]);

    const object = march[0]!;
    const updated = await client.updateCalendarObject({
      calendarObject: { ...object, data: object.data.replace(/SUMMARY:[^\r\n]*/, 'SUMMARY:Daily standup') },
    });
    expect(updated.ok).toBe(true);
    const events = (await owner.client.get(`/api/events?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z`)).body.items;
    expect(events).toMatchObject([{ title: 'Daily standup', start: '2026-03-02T08:00:00.000Z', isRecurring: true }]);

    const [fresh] = await client.fetchCalendarObjects({ calendar: work, objectUrls: [object.url], useMultiGet: true });
    // A stale ETag is refused; the current one deletes.
    expect((await client.deleteCalendarObject({ calendarObject: { ...fresh!, etag: '"stale"' } })).status).toBe(412);
    expect((await client.deleteCalendarObject({ calendarObject: fresh! })).status).toBe(204);
    expect((await owner.client.get(`/api/events?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z`)).body.items).toEqual([]);
  });

  it('sees an edit made in the app in the next sync-collection', async () => {
    const [calendar] = (await client.fetchCalendars()).filter((c) => c.displayName === 'Work');
    const synced = await client.smartCollectionSyncDetailed({
      collection: { ...calendar!, objects: [], objectMultiGet: client.calendarMultiGet },
      method: 'webdav',
    });
    const before = synced.objects.created.length;
    const made = await owner.client.post('/api/events', {
      calendarId: calendar!.url.split('/').at(-2),
      title: 'Made in the app',
      start: '2026-05-04T10:00',
      end: '2026-05-04T11:00',
      timeZone: 'America/New_York',
    });
    expect(made.status).toBe(201);
    const next = await client.smartCollectionSyncDetailed({
      collection: { ...calendar!, syncToken: synced.syncToken, objects: synced.objects.created, objectMultiGet: client.calendarMultiGet },
      method: 'webdav',
    });
    expect(next.objects.created.map((o) => o.url)).toEqual([`${calendar!.url}${made.body.id}.ics`]);
    expect(next.objects.created[0]!.data).toContain('SUMMARY:Made in the app');
    expect(before).toBe(0);

    await owner.client.patch(`/api/events/${made.body.id}`, { title: 'Changed in the app' });
    const again = await client.smartCollectionSyncDetailed({
      collection: { ...calendar!, syncToken: next.syncToken, objects: next.objects.created, objectMultiGet: client.calendarMultiGet },
      method: 'webdav',
    });
    expect(again.objects.updated.map((o) => o.data)).toEqual([expect.stringContaining('SUMMARY:Changed in the app')]);
  });
});
