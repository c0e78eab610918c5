import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every crm route (walked by src/test/isolation.test.ts). */
export function crmIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
