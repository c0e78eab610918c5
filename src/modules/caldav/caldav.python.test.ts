import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { appPasswordFor } from './caldav.testkit.js';
import { requireTool } from './caldav.tools.js';

/** Debian's python3-caldav against our server: discovery, a time-range search, a save (fixtures/python-caldav.py). */

const PYTHON = '/usr/bin/python3';
const python = requireTool('python3-caldav', '/usr/lib/python3/dist-packages/caldav', undefined);
const script = fileURLToPath(new URL('./fixtures/python-caldav.py', import.meta.url));
const run = promisify(execFile);

let server: TestServer;
let owner: SignedUpPortal;

beforeAll(async () => {
  if (!python.available) return;
  server = await startTestServer();
  owner = await signupPortal(server);
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!python.available)('python3-caldav', () => {
  it('discovers the calendars, finds events by time range and saves one that the app then shows', async () => {
    const calendarId = (await owner.client.post('/api/calendars', { name: 'Python' })).body.id as string;
    await owner.client.post('/api/events', {
      calendarId,
      title: 'Weekly from the app',
      start: '2026-07-06T09:00',
      end: '2026-07-06T10:00',
      timeZone: 'UTC',
      rrule: 'FREQ=WEEKLY',
    });
    const { password } = await appPasswordFor(owner.client, 'python');
    const { stdout } = await run(PYTHON, [script, `${server.url}/dav/`, owner.user.email, password], { timeout: 60_000 });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as { principal: string; calendars: string[]; saved: string; august: string[]; january: number };
    expect(out.principal).toBe(`${server.url}/dav/principals/${owner.user.id}/`);
    expect(out.calendars).toEqual(['My calendar', 'Python']);
    expect(out.saved).toContain(`/dav/calendars/${owner.user.id}/${calendarId}/`);
    // The weekly series has occurrences in August (found by expansion), and so does the saved event.
    expect(out.august).toEqual(['Saved by python-caldav', 'Weekly from the app']);
    expect(out.january).toBe(1);
    const inApp = (await owner.client.get(`/api/events?from=2026-08-10T00:00:00Z&to=2026-08-11T00:00:00Z&calendarIds=${calendarId}`)).body.items;
    expect(inApp.map((o: { title: string; start: string }) => [o.title, o.start])).toEqual([
      ['Saved by python-caldav', '2026-08-10T01:00:00.000Z'],
      ['Weekly from the app', '2026-08-10T09:00:00.000Z'],
    ]);
  }, 90_000);
});
