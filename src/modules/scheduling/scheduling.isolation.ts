import { expect } from 'vitest';
import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every scheduling route (walked by src/test/isolation.test.ts). */
export function schedulingIsolation(f: IsolationFixture): IsolationModule {
  const { a, b } = f;
  const ids = { page: '', booking: '', token: '', block: 'a-block-7f3e0c' };
  const slug = 'a-page-7f3e';
  const window = () => {
    const from = new Date(f.server.clock.now().getTime() + 86_400_000).toISOString();
    return { from, to: new Date(Date.parse(from) + 7 * 86_400_000).toISOString() };
  };

  return {
    async setup() {
      await a.member.put('/api/me/availability', {
        timeZone: 'Europe/Berlin',
        weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '07:00', end: '19:00' })),
      });
      const page = await a.member.post('/api/booking-pages', { slug, title: 'A-secret-page-7f3', durationMinutes: 30 });
      expect(page.status, page.text).toBe(201);
      ids.page = page.body.id;
      const guest = f.server.client();
      const slots = await guest.get(`/api/public/${a.portal.slug}/booking/${slug}/slots`);
      const booked = await guest.post(`/api/public/${a.portal.slug}/booking/${slug}/book`, {
        start: slots.body.slots[0].start,
        name: 'A Guest',
        email: 'a-guest-7f3@example.test',
      });
      expect(booked.status, booked.text).toBe(201);
      ids.token = booked.body.manageUrl.split('/').at(-1);
      ids.booking = (await a.member.get('/api/bookings')).body.items[0].id;
      f.mark(ids.page, ids.booking, ids.token, 'A-secret-page-7f3', 'a-guest-7f3@example.test');
      // An auto-scheduled block of A's member (written directly: auto-scheduling needs a paid plan).
      const { from, to } = window();
      await f.server.deps.db
        .insertInto('scheduling_blocks')
        .values({
          id: ids.block,
          portal_id: a.portal.id,
          user_id: a.memberUser.id,
          task_id: 'a-task-7f3e0c',
          event_id: 'a-event-7f3e0c',
          start_utc: from,
          end_utc: to,
          pinned: 0,
          task_estimate_minutes: 60,
          task_due_at: null,
          created_at: from,
        })
        .execute();
      f.mark(ids.block, 'a-task-7f3e0c', 'a-event-7f3e0c');
    },
    probes: {
      'GET /api/me/availability': async () => {
        const res = await b.member.get('/api/me/availability');
        expect(res.status).toBe(200);
        expect(res.body.isDefault).toBe(true);
        f.expectNoLeak(res);
      },
      'PUT /api/me/availability': async () => {
        const res = await b.member.put('/api/me/availability', { timeZone: 'Asia/Tokyo', weekly: [] });
        expect(res.status).toBe(200);
        f.expectNoLeak(res);
        expect((await a.member.get('/api/me/availability')).body.timeZone).toBe('Europe/Berlin');
      },
      'GET /api/users/:id/free-busy': async () => {
        const { from, to } = window();
        f.expectNotFound(await b.owner.get(`/api/users/${a.memberUser.id}/free-busy?from=${from}&to=${to}`));
      },
      'POST /api/scheduling/find-times': async () => {
        const res = await b.owner.post('/api/scheduling/find-times', { attendeeIds: [a.memberUser.id], durationMinutes: 30, ...window() });
        expect(res.status).toBe(400);
        f.expectNoLeak(res);
      },
      'POST /api/scheduling/parse': async () => {
        // "Mia Member" exists in both portals; A's guest is a CRM contact of A only.
        const res = await b.owner.post('/api/scheduling/parse', { text: '30 min with Mia and a-guest-7f3 tomorrow' });
        expect(res.status).toBe(200);
        expect(res.body.attendeeIds).toEqual([b.memberUser.id]);
        expect(res.body.contacts).toEqual([]);
        f.expectNoLeak(res);
      },
      'POST /api/scheduling/auto-schedule': async () => {
        f.expectNotFound(await b.owner.post('/api/scheduling/auto-schedule', { userId: a.memberUser.id, ...window() }));
      },
      'GET /api/scheduling/blocks': async () => {
        const res = await b.member.get('/api/scheduling/blocks');
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual([]);
        f.expectNoLeak(res);
      },
      'PATCH /api/scheduling/blocks/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/scheduling/blocks/${ids.block}`, { pinned: true }));
        const row = await f.server.deps.db.selectFrom('scheduling_blocks').select('pinned').where('id', '=', ids.block).executeTakeFirstOrThrow();
        expect(row.pinned).toBe(0);
      },
      'GET /api/booking-pages': async () => {
        const res = await b.owner.get('/api/booking-pages');
        expect(res.status).toBe(200);
        expect(res.body.items.map((p: { title: string }) => p.title)).not.toContain('A-secret-page-7f3');
        f.expectNoLeak(res);
        // The public routes name the portal by slug: B's slug never reaches A's pages.
        const guest = f.server.client();
        f.expectNotFound(await guest.get(`/api/public/${b.portal.slug}/booking/${slug}`));
        f.expectNotFound(await guest.get(`/api/public/${b.portal.slug}/booking/${slug}/slots`));
        f.expectNotFound(await guest.post(`/api/public/${b.portal.slug}/booking/${slug}/book`, { start: window().from, name: 'X', email: 'x@example.test' }));
      },
      'POST /api/booking-pages': async () => {
        const foreignHost = await b.owner.post('/api/booking-pages', { slug: 'b-page', title: 'B', durationMinutes: 30, hostIds: [a.memberUser.id] });
        expect(foreignHost.status).toBe(400);
        f.expectNoLeak(foreignHost);
        // The same slug in another portal is a different page.
        const own = await b.owner.post('/api/booking-pages', { slug, title: 'B own page', durationMinutes: 30 });
        expect(own.status).toBe(201);
        expect((await f.server.client().get(`/api/public/${a.portal.slug}/booking/${slug}`)).body.title).toBe('A-secret-page-7f3');
        const bPublic = await f.server.client().get(`/api/public/${b.portal.slug}/booking/${slug}`);
        expect(bPublic.body.title).toBe('B own page');
        f.expectNoLeak(bPublic);
      },
      'GET /api/booking-pages/:id': async () => f.expectNotFound(await b.owner.get(`/api/booking-pages/${ids.page}`)),
      'PATCH /api/booking-pages/:id': async () => {
        f.expectNotFound(await b.owner.patch(`/api/booking-pages/${ids.page}`, { title: 'Taken over' }));
        expect((await a.member.get(`/api/booking-pages/${ids.page}`)).body.title).toBe('A-secret-page-7f3');
      },
      'DELETE /api/booking-pages/:id': async () => {
        f.expectNotFound(await b.owner.delete(`/api/booking-pages/${ids.page}`));
        expect((await a.member.get(`/api/booking-pages/${ids.page}`)).status).toBe(200);
      },
      'GET /api/bookings': async () => {
        const res = await b.owner.get('/api/bookings');
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual([]);
        f.expectNoLeak(res);
      },
      'POST /api/bookings/:id/cancel': async () => {
        f.expectNotFound(await b.owner.post(`/api/bookings/${ids.booking}/cancel`, {}));
        expect((await a.member.get('/api/bookings?status=confirmed')).body.items).toHaveLength(1);
      },
      'GET /api/public/:portalSlug/booking/:slug': {
        public: 'guests see a booking page by portal slug and page slug; B’s slug never reaches A’s pages (probed under GET /api/booking-pages)',
      },
      'GET /api/public/:portalSlug/booking/:slug/slots': {
        public: 'free/busy of one page’s hosts, found by portal slug and page slug (probed under GET /api/booking-pages)',
      },
      'POST /api/public/:portalSlug/booking/:slug/book': {
        public: 'books only the page named by portal slug and page slug (probed under GET /api/booking-pages)',
      },
      'GET /api/public/bookings/:token': {
        public: 'the secret of the guest’s manage link is the only key and names one booking; unknown secrets are 404 (booking.test.ts)',
      },
      'GET /api/public/bookings/:token/slots': { public: 'the secret of the guest’s manage link is the only key and names one booking and its page' },
      'POST /api/public/bookings/:token/reschedule': { public: 'acts only on the booking whose manage-link secret is given' },
      'POST /api/public/bookings/:token/cancel': { public: 'acts only on the booking whose manage-link secret is given' },
    },
  };
}
