import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every calendar-connections route (walked by src/test/isolation.test.ts). */
export function connectionsIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const ids = { connection: '', calendar: '' };
  const aUrl = 'https://calendar.example.test/a-feed-7f3.ics';

  return {
    async setup() {
      const res = await a.member.post('/api/calendar-connections', {
        kind: 'ics',
        url: aUrl,
        name: 'A-connection-7f3',
        username: 'a-user-7f3',
        password: 'a-pass-7f3',
      });
      expect(res.status, res.text).toBe(201);
      ids.connection = res.body.id;
      ids.calendar = res.body.calendars[0].id;
      // One synced occurrence, written as a sync would (the isolation server reaches no feed).
      await f.server.deps.db
        .insertInto('external_events')
        .values({
          id: randomUUID(),
          portal_id: a.portal.id,
          user_id: a.memberUser.id,
          connection_id: ids.connection,
          calendar_id: ids.calendar,
          href: null,
          uid: 'a-uid-7f3',
          recurrence_id: null,
          title: 'A-external-event-7f3',
          start_utc: '2026-03-05T10:00:00.000Z',
          end_utc: '2026-03-05T11:00:00.000Z',
          all_day: 0,
          busy: 1,
        })
        .execute();
      f.mark(ids.connection, ids.calendar, 'A-connection-7f3', 'a-feed-7f3', 'a-user-7f3', 'a-pass-7f3', 'A-external-event-7f3');
    },
    probes: {
      'GET /api/calendar-connections': async () => {
        const res = await b.owner.get('/api/calendar-connections');
        expect(res.status).toBe(200);
        f.expectNoLeak(res);
      },
      'POST /api/calendar-connections': async () => {
        const res = await b.owner.post('/api/calendar-connections', { kind: 'ics', url: 'https://calendar.example.test/b-feed.ics' });
        expect(res.status, res.text).toBe(201);
        f.expectNoLeak(res);
        expect((await a.member.get('/api/calendar-connections')).body.items.map((c: { id: string }) => c.id)).toEqual([ids.connection]);
        await b.owner.delete(`/api/calendar-connections/${res.body.id}`);
      },
      'POST /api/calendar-connections/test': async () => {
        // B may test any address; nothing of A's is read or written (a refused address answers before any fetch).
        const res = await b.owner.post('/api/calendar-connections/test', { kind: 'ics', url: 'http://127.0.0.1:1/a-feed-7f3.ics' });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('CONNECTION_ADDRESS_REFUSED');
      },
      'GET /api/calendar-connections/events': async () => {
        const res = await b.owner.get('/api/calendar-connections/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z');
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual([]);
        f.expectNoLeak(res);
      },
      'GET /api/calendar-connections/:id': async () => f.expectNotFound(await b.owner.get(`/api/calendar-connections/${ids.connection}`)),
      'PATCH /api/calendar-connections/:id': async () => {
        f.expectNotFound(
          await b.owner.patch(`/api/calendar-connections/${ids.connection}`, { name: 'Taken over', calendars: [{ id: ids.calendar, busy: false }] }),
        );
        const mine = await a.member.get(`/api/calendar-connections/${ids.connection}`);
        expect(mine.body).toMatchObject({ name: 'A-connection-7f3', calendars: [{ busy: true }] });
      },
      'DELETE /api/calendar-connections/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/calendar-connections/${ids.connection}`));
        expect((await a.member.get(`/api/calendar-connections/${ids.connection}`)).status).toBe(200);
      },
      'POST /api/calendar-connections/:id/sync': async () => {
        f.expectNotFound(await b.owner.post(`/api/calendar-connections/${ids.connection}/sync`, {}));
        expect((await a.member.get('/api/calendar-connections/events?start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z')).body.items).toHaveLength(1);
      },
    },
  };
}
