/**
 * `npm run bench:caldav-client`: the CalDAV client against a real Radicale on
 * loopback (issue 18 benchmarks): an initial sync of an external calendar with
 * 5,000 events (target ≤ 5 s) and an unchanged re-sync (target ≤ 200 ms).
 *
 * The events (10% weekly series) are written into Radicale's storage folder
 * directly, since 5,000 PUTs through Radicale would take minutes. Radicale
 * parses and caches every item the first time it serves it; that first
 * ("cold server") sync is printed too, but the target applies to an initial
 * sync against a server that has served its calendar before, as a real one has.
 * BENCH_EVENTS changes the count; BENCH_RUNS the number of timed re-syncs.
 */
import { CalDavClient } from '../src/modules/connections/index.js';
import { startRadicale } from '../src/test/radicale.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PASSWORD = 'bench-app-password';

const fmt = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function eventFile(i: number): { file: string; ics: string } {
  const start = new Date(Date.UTC(2027, 0, 1, 8) + (i % 365) * 86_400_000 + (i % 9) * 3_600_000);
  const end = new Date(start.getTime() + 45 * 60_000);
  const uid = `bench-${i}@radicale.test`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//SchedulingKit bench//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${fmt(start)}`,
    `DTSTART:${fmt(start)}`,
    `DTEND:${fmt(end)}`,
    `SUMMARY:Bench meeting ${i}`,
    `DESCRIPTION:Agenda for meeting ${i}\\, with notes`,
    ...(i % 10 === 0 ? ['RRULE:FREQ=WEEKLY;COUNT=20'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ];
  return { file: `${uid}.ics`, ics: lines.join('\r\n') };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const verdict = (value: number, target: number) => (value <= target ? 'ok' : 'OVER TARGET');

async function main() {
  const radicale = await startRadicale({ bench: PASSWORD });
  try {
    const cal = await radicale.mkcalendar('bench', 'busy', { name: 'Busy' });
    radicale.seedFiles(
      'bench',
      'busy',
      Array.from({ length: EVENTS }, (_, i) => eventFile(i)),
    );
    const account = { url: radicale.url, username: 'bench', password: PASSWORD };
    const options = { allowLoopback: true, timeoutMs: 900_000, maxResponseBytes: 64 * 1024 * 1024 };

    const timed = async <T>(fn: () => Promise<T>) => {
      const t0 = performance.now();
      const value = await fn();
      return { value, ms: performance.now() - t0 };
    };

    const cold = new CalDavClient(account, options);
    const coldRun = await timed(() => cold.sync(cal));
    cold.close();

    const results: Array<[string, string, string]> = [];
    for (const method of ['auto', 'etag'] as const) {
      const client = new CalDavClient(account, options);
      const first = await timed(() => client.sync(cal, {}, { method }));
      if (first.value.changed.length !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${first.value.changed.length}`);
      const requests = client.requestCount;
      const state = { token: first.value.token, ctag: first.value.ctag, etags: new Map(first.value.changed.map((e) => [e.href, e.etag])) };
      const again: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await timed(() => client.sync(cal, state, { method }));
        if (r.value.mode !== 'unchanged') throw new Error(`re-sync found changes: ${r.value.mode}`);
        again.push(r.ms);
      }
      client.close();
      const label = method === 'auto' ? 'sync-collection' : 'ctag + ETag';
      results.push([`initial sync, ${EVENTS} events (${label}, ${requests} requests)`, ms(first.ms), `≤ 5000 ms ${verdict(first.ms, 5000)}`]);
      results.push([
        `unchanged re-sync p50 / p95 of ${RUNS} (${label})`,
        `${ms(pct(again, 50))} / ${ms(pct(again, 95))}`,
        `≤ 200 ms ${verdict(pct(again, 95), 200)}`,
      ]);
    }
    console.log(`CalDAV client against Radicale (${radicale.url}), ${EVENTS} events, 10% weekly series`);
    console.log(`  first sync against a cold server (Radicale parses every item): ${ms(coldRun.ms)} (not the target's case)`);
    const width = Math.max(...results.map((r) => r[0].length));
    for (const [what, value, target] of results) console.log(`  ${what.padEnd(width)}  ${value.padStart(18)}  ${target}`);
  } finally {
    await radicale.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
