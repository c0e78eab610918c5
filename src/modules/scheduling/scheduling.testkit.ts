import { expect } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { addUser, portalWithTeam } from '../../test/factories.js';
import { choosePlan, saveCard, testCatalog, writePlansFile } from '../billing/billing.testkit.js';

/**
 * Helpers for scheduling's API tests. Every server's clock starts at Monday
 * 3 March 2031, 07:00 UTC (08:00 in Berlin), so weekdays and DST changes are
 * known: the US moves to summer time on Sunday 9 March 2031, Europe on 30 March.
 */
export const NOW = '2031-03-03T07:00:00.000Z';

/** Free: plenty of seats, no scheduling features; Business: team booking pages and auto-scheduling. */
export const schedulingCatalog = {
  ...testCatalog,
  plans: [
    { id: 'free', name: 'Free', prices: { monthly: { amount: 0 }, annual: { amount: 0 } }, limits: { seats: 50, storageBytes: 10_000 }, features: [] },
    ...testCatalog.plans.filter((p) => p.id !== 'free'),
  ],
};

export async function startSchedulingServer(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({ env: { TEST_CLOCK: '1', PLANS_FILE: writePlansFile(schedulingCatalog), ...env } });
  server.clock.advance(Date.parse(NOW) - Date.now());
  return server;
}

/** Moves the portal to the plan with team booking pages and auto-scheduling. */
export async function upgrade(owner: TestClient): Promise<void> {
  await saveCard(owner);
  await choosePlan(owner, 'business');
}

export const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

export async function setHours(client: TestClient, timeZone: string, weekly = weekdays('09:00', '17:00'), overrides: unknown[] = []) {
  const res = await client.put('/api/me/availability', { timeZone, weekly, overrides });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export async function event(client: TestClient, body: Record<string, unknown>) {
  const res = await client.post('/api/events', body);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string };
}

export async function teamWithPeople(server: TestServer) {
  const team = await portalWithTeam(server);
  const anna = await addUser(server, team.owner, { name: 'Anna Berg' });
  const bob = await addUser(server, team.owner, { name: 'Bob Stone' });
  return { team, anna, bob };
}
