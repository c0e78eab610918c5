import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every automations route (walked by src/test/isolation.test.ts). */
export function automationsIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
