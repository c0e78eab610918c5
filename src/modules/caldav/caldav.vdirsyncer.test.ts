import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { appPasswordFor, vevent } from './caldav.testkit.js';
import { requireTool } from './caldav.tools.js';

/**
 * Debian's vdirsyncer syncs a calendar two ways between our server and a folder of .ics files:
 * discovery from the base URL, edits in the folder reach the app, edits in the app reach the folder.
 */

const vdirsyncer = requireTool('vdirsyncer', '/usr/bin/vdirsyncer');

let server: TestServer;
let owner: SignedUpPortal;
let dir: string;
let config: string;

/** Runs vdirsyncer; "discover" asks whether to create the local folders: yes. */
const sync = (...args: string[]) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(vdirsyncer.path, ['-c', config, ...args], { env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end('y\ny\ny\ny\n');
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`vdirsyncer ${args.join(' ')} failed (${code}):\n${out}`));
    });
  });
const folder = () => path.join(dir, 'calendars', calendarId);
const files = () => fs.readdirSync(folder()).filter((f) => f.endsWith('.ics'));
let calendarId: string;
let password: string;

beforeAll(async () => {
  if (!vdirsyncer.available) return;
  server = await startTestServer();
  owner = await signupPortal(server);
  await owner.client.get('/api/calendars');
  calendarId = (await owner.client.post('/api/calendars', { name: 'Synced' })).body.id;
  password = (await appPasswordFor(owner.client, 'vdirsyncer')).password;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-vdirsyncer-'));
  config = path.join(dir, 'config');
  fs.writeFileSync(
    config,
    [
      '[general]',
      `status_path = "${path.join(dir, 'status')}/"`,
      '',
      '[pair skit]',
      'a = "folder"',
      'b = "server"',
      'collections = ["from b"]',
      'conflict_resolution = "b wins"',
      '',
      '[storage folder]',
      'type = "filesystem"',
      `path = "${path.join(dir, 'calendars')}/"`,
      'fileext = ".ics"',
      '',
      '[storage server]',
      'type = "caldav"',
      `url = "${server.url}/"`,
      `username = "${owner.user.email}"`,
      `password = "${password}"`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!vdirsyncer.available)('vdirsyncer two-way sync', () => {
  it('discovers the calendars and syncs both ways', async () => {
    const made = await owner.client.post('/api/events', {
      calendarId,
      title: 'From the app',
      start: '2026-06-01T09:00',
      end: '2026-06-01T10:00',
      timeZone: 'Europe/Paris',
    });
    expect(made.status).toBe(201);
    // vdirsyncer refuses to sync a side that was emptied (a safety net): one event stays throughout.
    const keeper = await owner.client.post('/api/events', { calendarId, title: 'Keeper', allDay: true, startDate: '2026-07-01', timeZone: 'Europe/Paris' });
    expect(keeper.status, keeper.text).toBe(201);
    await sync('discover', 'skit');
    const log = await sync('sync');
    // vdirsyncer names its files itself: two files, one of them holding the app's event.
    expect(files(), log).toHaveLength(2);
    const first = path.join(
      folder(),
      files().find((f) => fs.readFileSync(path.join(folder(), f), 'utf8').includes('From the app'))!,
    );
    expect(fs.readFileSync(first, 'utf8')).toContain('SUMMARY:From the app');

    // Edited and added in the folder: the app shows both.
    fs.writeFileSync(first, fs.readFileSync(first, 'utf8').replace('SUMMARY:From the app', 'SUMMARY:Edited in the folder'));
    fs.writeFileSync(
      path.join(folder(), 'added-in-folder.ics'),
      vevent({ uid: 'added-in-folder@vdirsyncer', summary: 'Added in the folder', start: '20260602T090000', end: '20260602T100000', tzid: 'Europe/Paris' }),
    );
    await sync('sync');
    const week = async () =>
      (await owner.client.get(`/api/events?from=2026-06-01T00:00:00Z&to=2026-06-08T00:00:00Z&calendarIds=${calendarId}`)).body.items as {
        eventId: string;
        title: string;
        start: string;
      }[];
    expect((await week()).map((o) => [o.title, o.start])).toEqual([
      ['Edited in the folder', '2026-06-01T07:00:00.000Z'],
      ['Added in the folder', '2026-06-02T07:00:00.000Z'],
    ]);

    // Edited in the app: the file changes at the next sync.
    await owner.client.patch(`/api/events/${made.body.id}`, { title: 'Edited in the app', start: '2026-06-01T15:00', end: '2026-06-01T16:00' });
    await sync('sync');
    const text = fs.readFileSync(first, 'utf8');
    expect(text).toContain('SUMMARY:Edited in the app');
    expect(text).toMatch(/DTSTART;TZID=Europe\/Paris:20260601T150000/);

    // Deleted in the folder: gone from the app; deleted in the app: gone from the folder.
    fs.rmSync(path.join(folder(), 'added-in-folder.ics'));
    await sync('sync');
    expect((await week()).map((o) => o.title)).toEqual(['Edited in the app']);
    await owner.client.delete(`/api/events/${made.body.id}`);
    await sync('sync');
    expect(files()).toHaveLength(1);
    expect(fs.existsSync(first)).toBe(false);
  }, 120_000);
});
