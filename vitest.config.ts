import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts'],
          // The CLI tests run the shipped `skit`: the compiled build, made here when it is not current.
          globalSetup: ['src/test/build-setup.ts'],
          environment: 'node',
          // Recurrence and scheduling must be right whatever the server's own zone is.
          env: { TZ: 'America/New_York' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          // A browser waits for what a person waits for: under load a dialog can take seconds to close.
          expect: { poll: { timeout: 15_000 } },
          testTimeout: 90_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
