import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal } from '../../test/factories.js';
import type { PortalContext } from '../../kernel/context.js';
import { seedCrmDemo } from '../../cli/demo/crm.demo.js';
import { pageAll } from './crm.testkit.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('CRM demo data (skit demo)', () => {
  it('fills a portal with companies, contacts, leads, deals across the board and a timeline, once', async () => {
    const p = await signupPortal(server);
    const ctx: PortalContext = {
      deps: server.deps,
      portalId: p.portal.id,
      actor: { type: 'user', userId: p.user.id, role: 'owner' },
      ip: null,
      userAgent: 'test',
    };
    await seedCrmDemo(ctx);
    await seedCrmDemo(ctx);
    const all = async (path: string) => (await pageAll(p.client, path, 200)).items;
    expect(await all('/api/crm/companies')).toHaveLength(8);
    const contacts = await all('/api/crm/contacts');
    expect(contacts.length).toBeGreaterThanOrEqual(12);
    expect(contacts.some((c) => c.phones.length > 1 && c.emails.length > 1)).toBe(true);
    const pipelines = await all('/api/crm/pipelines');
    expect(pipelines.map((x) => x.name).sort()).toEqual(['Partnerships', 'Sales']);
    const deals = await all('/api/crm/deals');
    expect(new Set(deals.map((d) => d.status))).toEqual(new Set(['open', 'won', 'lost']));
    expect(new Set(deals.map((d) => d.currency)).size).toBeGreaterThan(2);
    const leads = await all('/api/crm/leads');
    expect(leads.filter((l) => l.status === 'converted')).toHaveLength(2);
    const anna = contacts.find((c) => c.name === 'Anna Müller');
    const timeline = await p.client.get(`/api/crm/activities?recordType=contact&recordId=${anna.id}`);
    expect(timeline.body.items.length).toBe(2);
    const moved = deals.find((d) => d.title === 'Fleet telematics rollout');
    expect((await p.client.get(`/api/crm/deals/${moved.id}/stage-changes`)).body.items).toHaveLength(3);
  });
});
