import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every billing route (walked by src/test/isolation.test.ts). */
export function billingIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
