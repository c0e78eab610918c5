import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Tests that start `skit` as a child process run the shipped path, the compiled build in
 * dist/ (ADR 0018): it is built here when it is not current (~3 s; nothing when it is).
 */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build-server.mjs', import.meta.url)), '--quiet'], { stdio: 'inherit' });
}
