import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalDavClient, DavError, type SyncResult } from './caldav-client.js';
import { eventIcs, skipWithoutRadicale, startRadicale, type RadicaleServer } from './radicale.testkit.js';

const PASSWORD = 'alice-app-password';
const day = (n: number, hour = 9) => new Date(Date.UTC(2027, 0, n, hour));

async function rejection(p: Promise<unknown>): Promise<DavError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DavError);
  return err as DavError;
}

const held = (r: SyncResult, before: Record<string, string | null> = {}) => {
  const next = { ...before };
  for (const h of r.removed) delete next[h];
  for (const e of r.changed) next[e.href] = e.etag;
  return next;
};

describe.skipIf(skipWithoutRadicale)('CalDAV client against Radicale', () => {
  let radicale: RadicaleServer;
  let client: CalDavClient;
  let workUrl: string;
  const clients: CalDavClient[] = [];
  const connect = (over: Partial<{ url: string; username: string; password: string }> = {}, allowLoopback = true) => {
    const c = new CalDavClient({ url: radicale.url, username: 'alice', password: PASSWORD, ...over }, { allowLoopback, timeoutMs: 10_000 });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    radicale = await startRadicale({ alice: PASSWORD, bob: 'bob-app-password' });
    workUrl = await radicale.mkcalendar('alice', 'work', { name: 'Work & Travel', color: '#FF8800FF' });
    await radicale.mkcalendar('alice', 'personal', { name: 'Personal' });
    await radicale.mkcalendar('alice', 'chores', { name: 'Chores', components: ['VTODO'] });
    client = connect();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await radicale?.stop();
  });

  it('discovers the calendars from the server base URL (well-known → principal → calendar home)', async () => {
    const found = await client.discover();
    expect(found.principalUrl).toBe(`${radicale.url}/alice/`);
    expect(found.homeUrls).toEqual([`${radicale.url}/alice/`]);
    const byName = Object.fromEntries(found.calendars.map((c) => [c.name, c]));
    // A tasks-only list cannot hold busy time and is left out.
    expect(Object.keys(byName).sort()).toEqual(['Personal', 'Work & Travel']);
    const work = byName['Work & Travel']!;
    expect(work).toMatchObject({ url: workUrl, color: '#ff8800', components: ['VEVENT'], supportsSyncCollection: true, readOnly: false });
    expect(work.ctag).toBeTruthy();
    expect(work.syncToken).toMatch(/^http:\/\/radicale\.org\/ns\/sync\//);
    expect(byName.Personal!.color).toBeNull();
  });

  it('discovers from a principal URL or a calendar URL as well, and lists one home', async () => {
    const fromPrincipal = await connect({ url: `${radicale.url}/alice/` }).discover();
    expect(fromPrincipal.calendars.map((c) => c.name).sort()).toEqual(['Personal', 'Work & Travel']);
    const fromCalendar = await connect({ url: workUrl }).discover();
    expect(fromCalendar.calendars.map((c) => c.url)).toEqual([workUrl]);
    const all = await client.listCalendars(`${radicale.url}/alice/`);
    expect(all.find((c) => c.name === 'Chores')?.components).toEqual(['VTODO']);
  });

  it('syncs a calendar: all events first, nothing when unchanged, then exactly what changed', async () => {
    const cal = await radicale.mkcalendar('alice', 'sync', { name: 'Sync' });
    for (let i = 1; i <= 12; i++) expect(await radicale.put('alice', 'sync', `e${i}.ics`, eventIcs(`e${i}@remote`, `Meeting ${i}`, day(i)))).toBe(201);

    const requestsBefore = client.requestCount;
    const first = await client.sync(cal);
    expect(client.requestCount - requestsBefore).toBe(2); // PROPFIND depth 0, then one sync-collection that carries the data
    expect(first.mode).toBe('sync-collection');
    expect(first.full).toBe(true);
    expect(first.removed).toEqual([]);
    expect(first.changed).toHaveLength(12);
    expect(first.changed.map((e) => e.href).sort()).toEqual(radicale.items('alice', 'sync').map((f) => `/alice/sync/${f}`));
    const e3 = first.changed.find((e) => e.href === '/alice/sync/e3.ics')!;
    expect(e3.ics).toContain('UID:e3@remote');
    expect(e3.ics).toContain('SUMMARY:Meeting 3');
    expect(e3.etag).toMatch(/^".+"$/);
    expect(first.token).toBeTruthy();
    let state = held(first);

    const before = client.requestCount;
    const again = await client.sync(cal, { token: first.token, ctag: first.ctag, etags: state });
    expect(again).toMatchObject({ mode: 'unchanged', changed: [], removed: [], token: first.token });
    expect(client.requestCount - before).toBe(1); // one PROPFIND, no listing, no fetch
    const byToken = await client.sync(cal, { token: first.token, etags: state }); // no ctag kept: the token answers
    expect(byToken).toMatchObject({ mode: 'unchanged', changed: [], removed: [], token: first.token });

    // Another device edits one event, deletes one, adds one.
    await radicale.put('alice', 'sync', 'e2.ics', eventIcs('e2@remote', 'Meeting 2 (moved)', day(2, 15)));
    await radicale.remove('alice', 'sync', 'e5.ics');
    await radicale.put('alice', 'sync', 'new.ics', eventIcs('new@remote', 'Brand new', day(20)));
    const delta = await client.sync(cal, { token: first.token, ctag: first.ctag, etags: state });
    expect(delta.mode).toBe('sync-collection');
    expect(delta.full).toBe(false);
    expect(delta.changed.map((e) => e.href).sort()).toEqual(['/alice/sync/e2.ics', '/alice/sync/new.ics']);
    expect(delta.changed.find((e) => e.href === '/alice/sync/e2.ics')!.ics).toContain('SUMMARY:Meeting 2 (moved)');
    expect(delta.removed).toEqual(['/alice/sync/e5.ics']);
    expect(delta.token).not.toBe(first.token);
    state = held(delta, state);
    expect(Object.keys(state)).toHaveLength(12);
  });

  it('finds the same changes by ctag + ETag comparison when sync-collection is not used', async () => {
    const cal = await radicale.mkcalendar('alice', 'etags', { name: 'Etags' });
    for (let i = 1; i <= 5; i++) await radicale.put('alice', 'etags', `e${i}.ics`, eventIcs(`t${i}@remote`, `Item ${i}`, day(i)));
    const first = await client.sync(cal, {}, { method: 'etag' });
    expect(first).toMatchObject({ mode: 'etag', full: true });
    expect(first.changed).toHaveLength(5);
    const state = held(first);

    const unchanged = await client.sync(cal, { ctag: first.ctag, etags: state }, { method: 'etag' });
    expect(unchanged.mode).toBe('unchanged');

    await radicale.put('alice', 'etags', 'e1.ics', eventIcs('t1@remote', 'Item 1 renamed', day(1)));
    await radicale.remove('alice', 'etags', 'e4.ics');
    const before = client.requestCount;
    const delta = await client.sync(cal, { ctag: first.ctag, etags: state }, { method: 'etag' });
    expect(delta.mode).toBe('etag');
    expect(delta.changed.map((e) => [e.href, e.ics.includes('Item 1 renamed')])).toEqual([['/alice/etags/e1.ics', true]]);
    expect(delta.removed).toEqual(['/alice/etags/e4.ics']);
    expect(client.requestCount - before).toBe(3); // PROPFIND depth 0, PROPFIND depth 1, one multiget of the changed item
    expect(delta.ctag).not.toBe(first.ctag);
  });

  it('answers a refused sync token (RFC 6578 valid-sync-token) with a full resync that fetches only what differs', async () => {
    const cal = await radicale.mkcalendar('alice', 'resync', { name: 'Resync' });
    for (let i = 1; i <= 4; i++) await radicale.put('alice', 'resync', `e${i}.ics`, eventIcs(`r${i}@remote`, `R ${i}`, day(i)));
    const first = await client.sync(cal);
    const state = held(first);
    state['/alice/resync/vanished.ics'] = '"old"';
    await radicale.put('alice', 'resync', 'e1.ics', eventIcs('r1@remote', 'R 1 changed', day(1)));

    const r = await client.sync(cal, { token: 'http://radicale.org/ns/sync/0000000000000000', etags: state });
    expect(r.mode).toBe('sync-collection');
    expect(r.full).toBe(true);
    expect(r.changed.map((e) => e.href)).toEqual(['/alice/resync/e1.ics']);
    expect(r.removed).toEqual(['/alice/resync/vanished.ics']);
    expect(r.token).toMatch(/^http:\/\/radicale\.org\/ns\/sync\//);
  });

  it('keeps text exactly through the XML: ampersands, angle brackets, accents, emoji', async () => {
    const cal = await radicale.mkcalendar('alice', 'text', { name: 'Text' });
    const summary = 'Tom & Jerry <3> café 🎉 "quoted"';
    await radicale.put('alice', 'text', 'x.ics', eventIcs('x@remote', summary, day(3)));
    const r = await client.sync(cal);
    expect(r.changed[0]!.ics).toContain(`SUMMARY:${summary}`);
  });

  it('writes events: create, conditional update, refused stale writes, delete (idempotent)', async () => {
    const cal = await radicale.mkcalendar('alice', 'writes', { name: 'Writes' });
    const uid = 'booking-42@schedulingkit.test';
    const created = await client.putEvent(cal, uid, eventIcs(uid, 'Intro call', day(4)));
    expect(created.href).toBe(client.eventHref(cal, uid));
    expect(created.href).toBe('/alice/writes/booking-42%40schedulingkit.test.ics');
    expect(created.etag).toMatch(/^".+"$/);
    expect(await radicale.get('alice', 'writes', `${uid}.ics`)).toContain('SUMMARY:Intro call');

    // A second create of the same UID must not overwrite what is there.
    expect((await rejection(client.putEvent(cal, uid, eventIcs(uid, 'Other', day(4))))).code).toBe('PRECONDITION_FAILED');

    const updated = await client.putEvent(cal, uid, eventIcs(uid, 'Intro call (moved)', day(5)), created.etag);
    expect(updated.etag).not.toBe(created.etag);
    expect(await radicale.get('alice', 'writes', `${uid}.ics`)).toContain('SUMMARY:Intro call (moved)');
    expect((await rejection(client.putEvent(cal, uid, eventIcs(uid, 'Stale', day(6)), created.etag))).code).toBe('PRECONDITION_FAILED');
    const forced = await client.putEvent(cal, uid, eventIcs(uid, 'Intro call (forced)', day(5)), created.etag, { overwrite: true });
    expect(await radicale.get('alice', 'writes', `${uid}.ics`)).toContain('SUMMARY:Intro call (forced)');
    const updatedAgain = await client.putEvent(cal, uid, eventIcs(uid, 'Intro call (moved)', day(5)), forced.etag);
    expect(updatedAgain.etag).toBe(updated.etag); // same content, same ETag (Radicale hashes the item)

    const synced = await client.sync(cal);
    expect(synced.changed.map((e) => [e.href, e.etag])).toEqual([[created.href, updated.etag]]);

    expect((await rejection(client.deleteEvent(created.href, created.etag))).code).toBe('PRECONDITION_FAILED');
    expect(await client.deleteEvent(created.href, updated.etag)).toEqual({ existed: true });
    expect(await radicale.get('alice', 'writes', `${uid}.ics`)).toBeNull();
    expect(await client.deleteEvent(created.href)).toEqual({ existed: false });
  });

  it('says AUTH_FAILED for a wrong password, and another user cannot read alice', async () => {
    const wrong = connect({ password: 'not-it' });
    const err = await rejection(wrong.discover());
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.retryable).toBe(false);
    expect((await rejection(wrong.sync(workUrl))).code).toBe('AUTH_FAILED');
    const bob = connect({ username: 'bob', password: 'bob-app-password' });
    expect((await bob.discover()).calendars).toEqual([]);
    expect((await rejection(bob.sync(workUrl))).code).toBe('AUTH_FAILED');
  });

  it('refuses loopback addresses unless the operator allowed them (WEBHOOK_ALLOW_LOOPBACK)', async () => {
    const guarded = connect({}, false);
    const err = await rejection(guarded.discover());
    expect(err.code).toBe('ADDRESS_BLOCKED');
    expect(err.message).toMatch(/loopback/);
    const byName = connect({ url: radicale.url.replace('127.0.0.1', 'localhost') }, false);
    expect((await rejection(byName.discover())).code).toBe('ADDRESS_BLOCKED');
    const requestsBefore = guarded.requestCount;
    expect((await rejection(guarded.putEvent(workUrl, 'x', eventIcs('x', 'x', day(1))))).code).toBe('ADDRESS_BLOCKED');
    expect(guarded.requestCount).toBe(requestsBefore); // refused before anything is sent
    expect(radicale.items('alice', 'work')).toEqual([]);
  });
});

describe('CalDAV client HTTP rules (loopback test servers)', () => {
  const servers: http.Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));
  async function serve(handler: http.RequestListener): Promise<string> {
    const s = http.createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }
  const client = (url: string, opts: { timeoutMs?: number; maxResponseBytes?: number } = {}) =>
    new CalDavClient({ url, username: 'u', password: 'p' }, { allowLoopback: true, ...opts });

  it('re-checks every redirect target: a redirect into a private network is refused', async () => {
    const url = await serve((_req, res) => res.writeHead(301, { location: 'http://10.0.0.1/dav/' }).end());
    const err = await rejection(client(url).discover());
    expect(err.code).toBe('ADDRESS_BLOCKED');
    expect(err.message).toContain('10.0.0.1');
  });

  it('sends the password only to the host the user gave', async () => {
    const seen: Array<string | undefined> = [];
    const other = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401).end();
    });
    const first = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(307, { location: `${other.replace('127.0.0.1', 'localhost')}/dav/` }).end();
    });
    expect((await rejection(client(`${first}/dav/`).discover())).code).toBe('AUTH_FAILED');
    expect(seen[0]).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(seen[1]).toBeUndefined();
  });

  it('gives up after the timeout, and refuses answers over the size limit', async () => {
    const silent = await serve(() => {});
    expect((await rejection(client(silent, { timeoutMs: 300 }).discover())).code).toBe('TIMEOUT');
    const chatty = await serve((_req, res) => {
      res.writeHead(207, { 'content-type': 'application/xml' });
      res.end(`<d:multistatus xmlns:d="DAV:">${'<d:response/>'.repeat(1000)}</d:multistatus>`);
    });
    expect((await rejection(client(chatty, { maxResponseBytes: 1000 }).discover())).code).toBe('RESPONSE_TOO_LARGE');
  });

  it('says NOT_CALDAV for a web server that is not a CalDAV server, and INVALID_URL for a bad URL', async () => {
    const plain = await serve((_req, res) => res.writeHead(404).end('not here'));
    expect((await rejection(client(plain).discover())).code).toBe('NOT_CALDAV');
    expect(() => client('ftp://example.com/')).toThrow(DavError);
    expect(() => client('https://user:pw@example.com/')).toThrow(/own fields/);
  });
});
