import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './harness.js';

/**
 * A real CalDAV server for tests: Debian's `radicale` on a free loopback port,
 * with its own storage folder and a plain htpasswd file, stopped (and its
 * folder removed) afterwards. Without radicale the tests skip locally and fail
 * under CI=true (`.ci/run` installs the package).
 */

const escapeXml = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function findRadicale(): string[] | null {
  for (const cmd of [['radicale'], ['python3', '-m', 'radicale']]) {
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), '--version'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0) return cmd;
  }
  return null;
}

export const radicaleCommand = findRadicale();

/** Skip the Radicale tests only when it is missing outside CI; under CI=true they run (and fail without it). */
export const skipWithoutRadicale = radicaleCommand === null && process.env.CI !== 'true';

export interface RadicaleServer {
  /** http://127.0.0.1:<port> */
  url: string;
  folder: string;
  users: Record<string, string>;
  /** Creates a calendar collection /<user>/<slug>/ and returns its URL. */
  mkcalendar(user: string, slug: string, opts?: { name?: string; color?: string; components?: string[] }): Promise<string>;
  /** Another device writing: PUT an item straight to Radicale (no conditions). */
  put(user: string, slug: string, file: string, ics: string): Promise<number>;
  /** Another device deleting an item. */
  remove(user: string, slug: string, file: string): Promise<number>;
  /** Raw GET of an item; null when it is not there. */
  get(user: string, slug: string, file: string): Promise<string | null>;
  /** File names of the items in a calendar, read from Radicale's storage folder. */
  items(user: string, slug: string): string[];
  /** Bulk seeding for benchmarks: writes items into the storage folder directly (Radicale reads them on the next request). */
  seedFiles(user: string, slug: string, files: Array<{ file: string; ics: string }>): void;
  stop(): Promise<void>;
}

export async function startRadicale(users: Record<string, string> = { alice: 'alice-app-password' }): Promise<RadicaleServer> {
  if (!radicaleCommand) throw new Error('radicale is not installed (Debian package "radicale"); the CalDAV client tests need it');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-radicale-'));
  const htpasswd = path.join(folder, 'users');
  fs.writeFileSync(
    htpasswd,
    Object.entries(users)
      .map(([u, p]) => `${u}:${p}\n`)
      .join(''),
  );
  const storage = path.join(folder, 'storage');
  let lastLog = '';
  // A free port can be taken between asking and binding: try again on another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const proc = spawn(
      radicaleCommand[0]!,
      [
        ...radicaleCommand.slice(1),
        '--config',
        '/dev/null',
        '--server-hosts',
        `127.0.0.1:${port}`,
        '--storage-filesystem-folder',
        storage,
        '--auth-type',
        'htpasswd',
        '--auth-htpasswd-filename',
        htpasswd,
        '--auth-htpasswd-encryption',
        'plain',
        '--auth-delay',
        '0',
        '--rights-type',
        'owner_only',
        '--logging-level',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: folder } },
    );
    proc.stderr!.on('data', (b: Buffer) => (lastLog = (lastLog + b.toString()).slice(-2000)));
    if (await waitUntilUp(port, proc)) return server(`http://127.0.0.1:${port}`, folder, storage, users, proc);
    proc.kill('SIGKILL');
  }
  fs.rmSync(folder, { recursive: true, force: true });
  throw new Error(`radicale did not start: ${lastLog}`);
}

async function waitUntilUp(port: number, proc: ChildProcess): Promise<boolean> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (proc.exitCode !== null) return false;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/.web/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

function server(url: string, folder: string, storage: string, users: Record<string, string>, proc: ChildProcess): RadicaleServer {
  const auth = (user: string) => `Basic ${Buffer.from(`${user}:${users[user]}`).toString('base64')}`;
  const itemUrl = (user: string, slug: string, file: string) => `${url}/${user}/${slug}/${encodeURIComponent(file)}`;
  const dir = (user: string, slug: string) => path.join(storage, 'collection-root', user, slug);
  return {
    url,
    folder,
    users,
    async mkcalendar(user, slug, opts = {}) {
      const comps = (opts.components ?? ['VEVENT']).map((c) => `<C:comp name="${c}"/>`).join('');
      const color = opts.color ? `<I:calendar-color>${escapeXml(opts.color)}</I:calendar-color>` : '';
      const body = `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:I="http://apple.com/ns/ical/"><D:set><D:prop><D:displayname>${escapeXml(opts.name ?? slug)}</D:displayname>${color}<C:supported-calendar-component-set>${comps}</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`;
      const res = await fetch(`${url}/${user}/${slug}/`, {
        method: 'MKCALENDAR',
        headers: { authorization: auth(user), 'content-type': 'application/xml' },
        body,
      });
      if (res.status !== 201) throw new Error(`MKCALENDAR ${slug}: HTTP ${res.status} ${await res.text()}`);
      return `${url}/${user}/${slug}/`;
    },
    async put(user, slug, file, ics) {
      const res = await fetch(itemUrl(user, slug, file), { method: 'PUT', headers: { authorization: auth(user), 'content-type': 'text/calendar' }, body: ics });
      await res.arrayBuffer();
      return res.status;
    },
    async remove(user, slug, file) {
      const res = await fetch(itemUrl(user, slug, file), { method: 'DELETE', headers: { authorization: auth(user) } });
      await res.arrayBuffer();
      return res.status;
    },
    async get(user, slug, file) {
      const res = await fetch(itemUrl(user, slug, file), { headers: { authorization: auth(user) } });
      const text = await res.text();
      return res.status === 200 ? text : null;
    },
    items(user, slug) {
      return fs
        .readdirSync(dir(user, slug))
        .filter((f) => !f.startsWith('.'))
        .sort();
    },
    seedFiles(user, slug, files) {
      for (const f of files) fs.writeFileSync(path.join(dir(user, slug), f.file), f.ics);
    },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A minimal VEVENT calendar object for tests (UTC times; `summary` must be plain text). */
export function eventIcs(uid: string, summary: string, start: Date, minutes = 60): string {
  const fmt = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const end = new Date(start.getTime() + minutes * 60_000);
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//SchedulingKit tests//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${fmt(start)}`,
    `DTSTART:${fmt(start)}`,
    `DTEND:${fmt(end)}`,
    `SUMMARY:${summary}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
