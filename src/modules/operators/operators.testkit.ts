import { expect } from 'vitest';
import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';
import { PASSWORD } from '../../test/factories.js';
import { createOperator } from './operator-auth.service.js';

/** Helpers for the operators module's tests: an operator account, logged in through the API. */

let seq = 0;

/** What `skit operator create --email … --password …` does, then a log-in at /operator. */
export async function operatorClient(server: TestServer, email = `ops${seq++}-${Date.now().toString(36)}@provider.test`): Promise<TestClient> {
  await createOperator(server.deps, { email, name: 'Oscar Operator', password: PASSWORD });
  const client = server.client();
  const res = await client.post('/api/operator/auth/login', { email, password: PASSWORD });
  expect(res.status, res.text).toBe(200);
  return client;
}

export async function overview(op: TestClient) {
  const res = await op.get('/api/operator/overview');
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export async function consolePortal(op: TestClient, id: string) {
  const res = await op.get(`/api/operator/portals/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export const inDays = (server: TestServer, days: number, portalId?: string) =>
  new Date(server.deps.clock.now(portalId).getTime() + days * 86_400_000).toISOString();
