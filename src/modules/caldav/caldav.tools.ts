import fs from 'node:fs';

/**
 * A Debian tool a test needs (vdirsyncer, python3-caldav). Missing on a developer's machine: the
 * test is skipped. Missing under CI=true: the test file fails, so CI cannot pass without it.
 */
export function requireTool(name: string, path: string, check: () => boolean = () => fs.existsSync(path)): { available: boolean; path: string } {
  const available = check();
  if (!available && process.env.CI === 'true') throw new Error(`${name} is required in CI (Debian package; see docs/caldav.md) but ${path} is missing`);
  return { available, path };
}
