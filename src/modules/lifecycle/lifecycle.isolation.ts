import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every lifecycle route (walked by src/test/isolation.test.ts). */
export function lifecycleIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
