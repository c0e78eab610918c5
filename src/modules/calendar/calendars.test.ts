import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { portalWithTeam, type Team } from '../../test/factories.js';
import { seedCalendarDemo } from '../../cli/demo/calendar.demo.js';

let server: TestServer;
let team: Team;
beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
});
afterAll(async () => {
  await server?.close();
});

const event = (calendarId: string, title: string) => ({ calendarId, title, start: '2026-03-09T09:00', end: '2026-03-09T10:00', timeZone: 'Europe/Berlin' });

describe('calendars (CAL-1)', () => {
  it('gives every user one default personal calendar on first use, however many requests race for it', async () => {
    const lists = await Promise.all([1, 2, 3, 4].map(() => team.member.get('/api/calendars')));
    for (const res of lists) expect(res.status).toBe(200);
    const defaults = lists.map((res) => res.body.items.filter((c: { isDefault: boolean }) => c.isDefault));
    for (const d of defaults) expect(d).toHaveLength(1);
    expect(new Set(defaults.map((d) => d[0].id)).size).toBe(1);
    expect(defaults[0]![0]).toMatchObject({ kind: 'personal', ownerUserId: team.memberUser.id, canManage: true, hasFeed: false });
  });

  it('puts an event without calendarId into the default calendar', async () => {
    const res = await team.admin.post('/api/events', { title: 'Dentist', start: '2026-03-10T08:00', end: '2026-03-10T09:00', timeZone: 'Europe/Berlin' });
    expect(res.status, res.text).toBe(201);
    const cals = await team.admin.get('/api/calendars');
    expect(res.body.calendarId).toBe(cals.body.items.find((c: { isDefault: boolean }) => c.isDefault).id);
  });

  it('lets members create personal calendars and admins shared ones', async () => {
    const personal = await team.member.post('/api/calendars', { name: 'Side project', color: '#FA5252', kind: 'personal' });
    expect(personal.status).toBe(201);
    expect(personal.body).toMatchObject({ name: 'Side project', color: '#fa5252', kind: 'personal', ownerUserId: team.memberUser.id, isDefault: false });

    const refused = await team.member.post('/api/calendars', { name: 'Everyone', kind: 'shared' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');

    const shared = await team.admin.post('/api/calendars', { name: 'Team', kind: 'shared' });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ kind: 'shared', ownerUserId: null, canManage: true });
  });

  it('shows a shared calendar and its events to every member, and lets them add events', async () => {
    const shared = await team.owner.post('/api/calendars', { name: 'Office', kind: 'shared' });
    const byMember = await team.member.post('/api/events', event(shared.body.id, 'Plant watering'));
    expect(byMember.status).toBe(201);
    const list = await team.admin.get('/api/calendars');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(shared.body.id);
    expect((await team.admin.get(`/api/events/${byMember.body.id}`)).body.title).toBe('Plant watering');
    // Members may use it, but only admins rename or delete it.
    const seen = await team.member.get(`/api/calendars/${shared.body.id}`);
    expect(seen.body.canManage).toBe(false);
    expect((await team.member.patch(`/api/calendars/${shared.body.id}`, { name: 'Mine now' })).status).toBe(403);
    expect((await team.member.delete(`/api/calendars/${shared.body.id}`)).status).toBe(403);
  });

  it("answers 404 for another user's personal calendar and its events, even to an admin", async () => {
    const mine = await team.member.post('/api/calendars', { name: 'Private', kind: 'personal' });
    const ev = await team.member.post('/api/events', event(mine.body.id, 'Job interview elsewhere'));
    for (const res of [
      await team.admin.get(`/api/calendars/${mine.body.id}`),
      await team.owner.patch(`/api/calendars/${mine.body.id}`, { name: 'x' }),
      await team.owner.delete(`/api/calendars/${mine.body.id}`),
      await team.admin.get(`/api/calendars/${mine.body.id}/feed-url`),
      await team.admin.get(`/api/events/${ev.body.id}`),
      await team.admin.patch(`/api/events/${ev.body.id}`, { title: 'x' }),
      await team.admin.delete(`/api/events/${ev.body.id}`),
      await team.admin.post('/api/events', event(mine.body.id, 'Sneaky')),
    ]) {
      expect(res.status, res.text).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const list = await team.admin.get('/api/calendars');
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(mine.body.id);
    const range = await team.admin.get(`/api/events?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&calendarIds=${mine.body.id}`);
    expect(range.body.items).toEqual([]);
  });

  it('renames and recolours a calendar', async () => {
    const c = await team.member.post('/api/calendars', { name: 'Gym', kind: 'personal' });
    const res = await team.member.patch(`/api/calendars/${c.body.id}`, { name: 'Sport', color: '#40C057' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Sport', color: '#40c057' });
  });

  it('refuses to delete the default calendar with 409 CANNOT_DELETE_DEFAULT', async () => {
    const list = await team.member.get('/api/calendars');
    const def = list.body.items.find((c: { isDefault: boolean }) => c.isDefault);
    const res = await team.member.delete(`/api/calendars/${def.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CANNOT_DELETE_DEFAULT');
  });

  it('deletes a calendar with its events, and audits it', async () => {
    const c = await team.admin.post('/api/calendars', { name: 'Old projects', kind: 'shared' });
    const ev = await team.admin.post('/api/events', { ...event(c.body.id, 'Retro'), rrule: 'FREQ=WEEKLY;COUNT=3' });
    await team.admin.put(`/api/events/${ev.body.id}/occurrences/2026-03-16T09:00:00`, { title: 'Last retro' });
    expect((await team.admin.delete(`/api/calendars/${c.body.id}`)).status).toBe(204);
    expect((await team.admin.get(`/api/calendars/${c.body.id}`)).status).toBe(404);
    expect((await team.admin.get(`/api/events/${ev.body.id}`)).status).toBe(404);
    const left = await server.deps.db.selectFrom('event_overrides').select('id').where('event_id', '=', ev.body.id).execute();
    expect(left).toEqual([]);
    const audit = await team.owner.get('/api/audit?action=calendar.calendar_deleted');
    expect(audit.body.items.find((i: { targetId: string }) => i.targetId === c.body.id).details).toMatchObject({ name: 'Old projects', events: 1 });
  });

  it('validates names and colours, naming the field', async () => {
    const res = await team.member.post('/api/calendars', { name: '', color: 'blue', kind: 'personal' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['color', 'name']);
  });
});

describe('demo data (skit demo)', () => {
  it('fills a shared Team calendar with a stand-up, a monthly review, meetings and all-day events this week and next, once', async () => {
    const team = await portalWithTeam(server);
    const ctx = {
      deps: server.deps,
      portalId: team.portal.id,
      actor: { type: 'user' as const, userId: team.ownerUser.id, role: 'owner' as const },
      ip: null,
      userAgent: 'test',
    };
    await seedCalendarDemo(ctx);
    await seedCalendarDemo(ctx);
    const calendars = (await team.member.get('/api/calendars')).body.items as { name: string; kind: string }[];
    expect(calendars.filter((c) => c.name === 'Team' && c.kind === 'shared')).toHaveLength(1);
    const now = server.clock.now();
    const from = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const to = new Date(now.getTime() + 14 * 86_400_000).toISOString();
    const items = (await team.member.get(`/api/events?from=${from}&to=${to}`)).body.items as { title: string; allDay: boolean }[];
    const titles = new Set(items.map((i) => i.title));
    for (const t of ['Daily stand-up', 'All-hands', 'Team offsite', 'Trade fair: LogiMAT', 'Nordwind Logistik: contract renewal', 'Stand-up (after all-hands)'])
      expect(titles).toContain(t);
    expect(items.filter((i) => i.title === 'Daily stand-up').length).toBeGreaterThanOrEqual(8);
    expect(items.some((i) => i.allDay)).toBe(true);
    const monthly = await team.member.get(`/api/events?from=${now.toISOString()}&to=${new Date(now.getTime() + 70 * 86_400_000).toISOString()}`);
    expect(monthly.body.items.filter((i: { title: string }) => i.title === 'Monthly review').length).toBeGreaterThanOrEqual(2);
  });
});
