import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every drive route (walked by src/test/isolation.test.ts). */
export function driveIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
