import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CHROMIUM } from './chromium.js';

/** Browser tests run against the built web app, served by a real server. */
export default async function setup(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  }
  if (process.env.SKIT_E2E_SKIP_BUILD !== '1') {
    // NODE_ENV is 'test' under Vitest, which would make Vite bundle React's development build:
    // the browser tests run what ships (the first-load budget in firstload.e2e.ts counts its bytes).
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
