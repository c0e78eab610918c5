/**
 * The role matrix, for every /api route the server registered: anonymous
 * callers get 401 on non-public routes, members get 403 on admin and owner
 * routes (with the admins named), admins get 403 on owner routes, and nobody is
 * refused a route their role allows. Path ids are random, so an allowed call
 * ends in 404 or 400, never in 401/403. Operator-console routes refuse every
 * portal user, and operators are refused every portal route.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { PASSWORD, portalWithTeam, type Team } from './factories.js';
import { createOperator } from '../modules/operators/index.js';
import type { TestClient } from './client.js';
import type { ApiRoute, Policy } from '../kernel/http.js';

let server: TestServer;
let team: Team;
let routes: ApiRoute[];

beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
  // Routes that would end the caller's own session are exercised last by their own tests.
  routes = server.app.apiRoutes.filter((r) => r.url !== '/api/auth/logout' && r.url !== '/api/operator/auth/logout');
});
afterAll(async () => {
  await server?.close();
});

const rank: Record<string, number> = { anonymous: 0, member: 1, admin: 2, owner: 3 };
const needed: Record<Exclude<Policy, 'operator'>, number> = { public: 0, user: 1, admin: 2, owner: 3 };

function call(client: TestClient, route: ApiRoute) {
  const path = route.url.replace(/:[A-Za-z]+/g, () => randomUUID());
  return client.request(route.method, path, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
}

describe('role matrix', () => {
  it('covers every route', () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  for (const who of ['anonymous', 'member', 'admin', 'owner'] as const) {
    it(`${who}: refused exactly the routes above their role`, async () => {
      const client = who === 'anonymous' ? server.client() : team[who];
      const wrong: string[] = [];
      for (const route of routes) {
        const res = await call(client, route);
        if (route.auth === 'operator') {
          const expected = who === 'anonymous' ? 401 : 403;
          if (res.status !== expected) wrong.push(`${route.method} ${route.url} (operator): got ${res.status}, expected ${expected}`);
          continue;
        }
        const allowed = rank[who]! >= needed[route.auth];
        const expected = allowed ? 'allowed' : who === 'anonymous' ? 401 : 403;
        const refused = res.status === 401 || res.status === 403;
        const ok = allowed ? !refused || res.body?.error?.code === 'INVALID_CREDENTIALS' : res.status === expected;
        if (!ok) wrong.push(`${route.method} ${route.url} (${route.auth}): got ${res.status}, expected ${expected}`);
        if (!allowed && who !== 'anonymous' && res.status === 403) {
          expect(res.body.error.code).toBe('FORBIDDEN');
          expect(res.body.error.details.admins.length).toBeGreaterThan(0);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('operator: allowed the operator routes, refused (401) every portal route', async () => {
    await createOperator(server.deps, { email: 'roles-operator@example.test', password: PASSWORD });
    const op = server.client();
    expect((await op.post('/api/operator/auth/login', { email: 'roles-operator@example.test', password: PASSWORD })).status).toBe(200);
    const wrong: string[] = [];
    for (const route of routes) {
      const res = await call(op, route);
      const refused = res.status === 401 || res.status === 403;
      if (route.auth === 'operator' || route.auth === 'public') {
        if (refused && res.body?.error?.code !== 'INVALID_CREDENTIALS')
          wrong.push(`${route.method} ${route.url} (${route.auth}): got ${res.status}, expected allowed`);
      } else if (res.status !== 401) wrong.push(`${route.method} ${route.url} (${route.auth}): got ${res.status}, expected 401`);
    }
    expect(wrong).toEqual([]);
  });
});
