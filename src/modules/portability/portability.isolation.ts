import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every portability route (walked by src/test/isolation.test.ts). */
export function portabilityIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
