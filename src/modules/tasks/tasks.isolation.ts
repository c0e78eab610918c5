import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every tasks route (walked by src/test/isolation.test.ts). */
export function tasksIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
