import { expect } from 'vitest';
import type { TestServer } from './harness.js';
import type { Team } from './factories.js';
import type { TestResponse } from './client.js';

/**
 * A probe: how portal B tries to reach portal A's data through one route. `{ public }` explains a public route;
 * `{ operator }` an operator-console route, which no portal user can call (src/test/roles.test.ts).
 */
export type Probe = { public: string } | { operator: string } | (() => Promise<void>);

export interface IsolationFixture {
  server: TestServer;
  /** Portal A: owns the records. */
  a: Team;
  /** Portal B: tries to reach them (its owner is used, so that the role is never why a call fails). */
  b: Team;
  /** Registers a string (id, email, name) that must never appear in B's responses. */
  mark(...values: string[]): void;
  expectNoLeak(res: TestResponse): void;
  expectNotFound(res: TestResponse): void;
}

/**
 * One per module: `setup` creates portal A's records through the API, `probes`
 * has one entry per route of the module, keyed "METHOD /url" as registered.
 */
export interface IsolationModule {
  setup?(): Promise<void>;
  probes: Record<string, Probe>;
}

export function createFixture(server: TestServer, a: Team, b: Team): IsolationFixture {
  const markers = new Set<string>([a.portal.id, a.portal.slug, a.ownerUser.id, a.adminUser.id, a.memberUser.id, a.adminUser.email, a.memberUser.email]);
  const f: IsolationFixture = {
    server,
    a,
    b,
    mark: (...values) => values.forEach((v) => v && markers.add(v)),
    expectNoLeak(res) {
      for (const m of markers) expect(res.text, `response leaks ${m}`).not.toContain(m);
    },
    expectNotFound(res) {
      expect(res.status, res.text).toBe(404);
      expect(res.body.error.code).toMatch(/NOT_FOUND$/);
      f.expectNoLeak(res);
    },
  };
  return f;
}
