import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every telephony route (walked by src/test/isolation.test.ts). */
export function telephonyIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
