import { expect } from 'vitest';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every calendar route (walked by src/test/isolation.test.ts). */
export function calendarIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const ids = { calendar: '', event: '', feedPath: '' };
  const window = 'from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z';
  const occurrence = () => `/api/events/${ids.event}/occurrences/${encodeURIComponent('2026-03-09T09:00:00')}`;
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//probe//EN',
    'BEGIN:VEVENT',
    'UID:probe-b',
    'DTSTAMP:20260301T000000Z',
    'DTSTART:20260305T100000Z',
    'DTEND:20260305T110000Z',
    'SUMMARY:B import',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

  return {
    async setup() {
      const cal = await a.owner.post('/api/calendars', { name: 'A-shared-calendar-7f3', kind: 'shared' });
      const ev = await a.member.post('/api/events', {
        calendarId: cal.body.id,
        title: 'A-secret-standup-7f3',
        start: '2026-03-02T09:00',
        end: '2026-03-02T09:15',
        timeZone: 'Europe/Berlin',
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
      });
      const feed = await a.owner.get(`/api/calendars/${cal.body.id}/feed-url`);
      ids.calendar = cal.body.id;
      ids.event = ev.body.id;
      ids.feedPath = new URL(feed.body.url).pathname;
      f.mark(ids.calendar, ids.event, 'A-shared-calendar-7f3', 'A-secret-standup-7f3', ids.feedPath.split('/').at(-1)!.replace('.ics', ''));
      await b.owner.post('/api/events', { title: 'B-own-event', start: '2026-03-03T09:00', end: '2026-03-03T10:00', timeZone: 'UTC' });
    },
    probes: {
      'GET /api/calendars': async () => {
        const res = await b.owner.get('/api/calendars');
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeGreaterThan(0);
        f.expectNoLeak(res);
      },
      'POST /api/calendars': async () => {
        const res = await b.owner.post('/api/calendars', { name: 'B shared', kind: 'shared' });
        expect(res.status).toBe(201);
        f.expectNoLeak(res);
        const listA = await a.owner.get('/api/calendars');
        expect(listA.body.items.map((c: { id: string }) => c.id)).not.toContain(res.body.id);
      },
      'GET /api/calendars/:id': async () => f.expectNotFound(await b.owner.get(`/api/calendars/${ids.calendar}`)),
      'PATCH /api/calendars/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/calendars/${ids.calendar}`, { name: 'Taken over' }));
        expect((await a.owner.get(`/api/calendars/${ids.calendar}`)).body.name).toBe('A-shared-calendar-7f3');
      },
      'DELETE /api/calendars/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/calendars/${ids.calendar}`));
        expect((await a.owner.get(`/api/calendars/${ids.calendar}`)).status).toBe(200);
      },
      'GET /api/calendars/:id/feed-url': async () => {
        f.expectNotFound(await b.owner.get(`/api/calendars/${ids.calendar}/feed-url`));
        // B's own feed token shows B's events and nothing of A's.
        const own = (await b.owner.get('/api/calendars')).body.items.find((c: { isDefault: boolean }) => c.isDefault);
        const url = await b.owner.get(`/api/calendars/${own.id}/feed-url`);
        f.expectNoLeak(url);
        const feed = await f.server.client().get(new URL(url.body.url).pathname);
        expect(feed.status).toBe(200);
        expect(feed.text).toContain('B-own-event');
        f.expectNoLeak(feed);
      },
      'DELETE /api/calendars/:id/feed-url': async () => {
        f.expectNotFound(await b.owner.delete(`/api/calendars/${ids.calendar}/feed-url`));
        const feed = await f.server.client().get(ids.feedPath);
        expect(feed.status).toBe(200);
        expect(feed.text).toContain('A-secret-standup-7f3');
      },
      'POST /api/calendars/:id/import': async () => {
        f.expectNotFound(await b.owner.request('POST', `/api/calendars/${ids.calendar}/import`, ics, { 'content-type': 'text/calendar' }));
        const feed = await f.server.client().get(ids.feedPath);
        expect(feed.text).not.toContain('B import');
      },
      'GET /api/public/calendars/feed/:token': {
        public:
          "the secret token in the URL is the only key and names one calendar; B's token showing nothing of A is probed under GET /api/calendars/:id/feed-url",
      },
      'GET /api/events': async () => {
        const named = await b.owner.get(`/api/events?${window}&calendarIds=${ids.calendar}`);
        expect(named.status).toBe(200);
        expect(named.body.items).toEqual([]);
        f.expectNoLeak(named);
        const all = await b.owner.get(`/api/events?${window}`);
        expect(all.body.items.map((i: { title: string }) => i.title)).toContain('B-own-event');
        f.expectNoLeak(all);
      },
      'POST /api/events': async () => {
        f.expectNotFound(
          await b.owner.post('/api/events', {
            calendarId: ids.calendar,
            title: 'Planted',
            start: '2026-03-04T09:00',
            end: '2026-03-04T10:00',
            timeZone: 'UTC',
          }),
        );
        const listA = await a.member.get(`/api/events?${window}&calendarIds=${ids.calendar}`);
        expect(listA.body.items.map((i: { title: string }) => i.title)).not.toContain('Planted');
      },
      'GET /api/events/:id': async () => f.expectNotFound(await b.owner.get(`/api/events/${ids.event}`)),
      'PATCH /api/events/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/events/${ids.event}`, { title: 'Renamed by B' }));
        expect((await a.member.get(`/api/events/${ids.event}`)).body.title).toBe('A-secret-standup-7f3');
      },
      'DELETE /api/events/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/events/${ids.event}`));
        expect((await a.member.get(`/api/events/${ids.event}`)).status).toBe(200);
      },
      'PUT /api/events/:id/occurrences/:recurrenceId': async () => {
        f.expectNotFound(await b.owner.put(occurrence(), { title: 'Changed by B' }));
        expect((await a.member.get(`/api/events/${ids.event}`)).body.overrides).toEqual([]);
      },
      'DELETE /api/events/:id/occurrences/:recurrenceId': async () => {
        f.expectNotFound(await b.owner.delete(occurrence()));
        expect((await a.member.get(`/api/events/${ids.event}`)).body.overrides).toEqual([]);
      },
    },
  };
}
