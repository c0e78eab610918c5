import type { IsolationFixture, IsolationModule } from './isolation.fixture.js';

/** Every feature module's cross-portal probes (see src/test/isolation.test.ts). Add a module's here. */
export const isolationModules: ((f: IsolationFixture) => IsolationModule)[] = [];
