import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every scheduling route (walked by src/test/isolation.test.ts). */
export function schedulingIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
