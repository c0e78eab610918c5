import type { IsolationFixture, IsolationModule } from '../../test/isolation.fixture.js';

/** Cross-portal probes for every calendar route (walked by src/test/isolation.test.ts). */
export function calendarIsolation(_f: IsolationFixture): IsolationModule {
  return { probes: {} };
}
