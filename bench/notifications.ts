/**
 * `npm run bench:notifications` (issue 19), `-- --pg` on PostgreSQL: the live stream's
 * numbers (bench/notifications/stream.ts), then the inbox (bench/notifications/inbox.ts)
 * and the reminders (bench/notifications/reminders.ts) where they exist. Each part exports
 * `bench({ pg })` and returns its lines: the numbers beside their targets.
 */
import fs from 'node:fs';

const pgFlag = process.argv.includes('--pg');
// The local test database unless told otherwise, as every part of this benchmark expects.
if (pgFlag) process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const parts = ['stream', 'inbox', 'reminders'];

for (const part of parts) {
  const file = new URL(`./notifications/${part}.ts`, import.meta.url);
  if (!fs.existsSync(file)) {
    console.log(`${part}: skipped (bench/notifications/${part}.ts is not there)`);
    continue;
  }
  const mod = (await import(file.href)) as { bench(opts: { pg: boolean }): Promise<string[]> };
  for (const line of await mod.bench({ pg: pgFlag })) console.log(line);
}
process.exit(0);
