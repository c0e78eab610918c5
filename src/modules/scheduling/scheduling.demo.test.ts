import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import { portalWithTeam } from '../../test/factories.js';
import type { PortalContext } from '../../kernel/context.js';
import { seedCrmDemo } from '../../cli/demo/crm.demo.js';
import { seedTasksDemo } from '../../cli/demo/tasks.demo.js';
import { seedCalendarDemo } from '../../cli/demo/calendar.demo.js';
import { seedSchedulingDemo } from '../../cli/demo/scheduling.demo.js';
import { startSchedulingServer, upgrade } from './scheduling.testkit.js';

let server: TestServer;
beforeAll(async () => {
  server = await startSchedulingServer();
});
afterAll(async () => {
  await server?.close();
});

describe('scheduling demo data (skit demo)', () => {
  it('gives everyone working hours, booking pages with guests booked, and places the owner’s tasks, once', async () => {
    const team = await portalWithTeam(server);
    await upgrade(team.owner);
    const ctx: PortalContext = {
      deps: server.deps,
      portalId: team.portal.id,
      actor: { type: 'user', userId: team.ownerUser.id, role: 'owner' },
      ip: null,
      userAgent: 'test',
    };
    for (const seed of [seedCrmDemo, seedTasksDemo, seedCalendarDemo, seedSchedulingDemo, seedSchedulingDemo]) await seed(ctx);

    expect((await team.member.get('/api/me/availability')).body.isDefault).toBe(false);
    const pages = (await team.owner.get('/api/booking-pages?sort=title')).body.items;
    expect(pages.map((p: { slug: string }) => p.slug)).toEqual(['intro', 'demo', 'sales']);
    expect(pages.find((p: { slug: string }) => p.slug === 'sales').mode).toBe('round_robin');
    const bookings = (await team.owner.get('/api/bookings?status=confirmed')).body.items;
    expect(bookings.length).toBe(4);
    expect(bookings.every((b: { start: string }) => b.start > new Date(server.clock.now()).toISOString())).toBe(true);
    const from = new Date(server.clock.now()).toISOString();
    const to = new Date(server.clock.now().getTime() + 14 * 86_400_000).toISOString();
    const events = (await team.owner.get(`/api/events?from=${from}&to=${to}`)).body.items.map((e: { title: string }) => e.title);
    const blocks = await server.deps.db.selectFrom('scheduling_blocks').select(['event_id']).where('portal_id', '=', team.portal.id).execute();
    expect(blocks.length).toBeGreaterThan(0);
    expect(events.filter((t: string) => t.startsWith('Intro call: '))).toHaveLength(4);
    const guestPage = await server.client().get(`/api/public/${team.portal.slug}/booking/intro/slots`);
    expect(guestPage.body.slots.length).toBeGreaterThan(10);
  });
});
