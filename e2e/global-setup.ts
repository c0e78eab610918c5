import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CHROMIUM } from './chromium.js';

/** Browser tests run against the built web app, served by a real server. */
export default async function setup(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  }
  if (process.env.SKIT_E2E_SKIP_BUILD !== '1') {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
}
