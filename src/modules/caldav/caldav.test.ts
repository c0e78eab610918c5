import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { addUser, PASSWORD, portalWithTeam, type Team } from '../../test/factories.js';
import { appPasswordFor, davClient, propfindBody, vevent, type DavTestClient } from './caldav.testkit.js';

let server: TestServer;
let team: Team;
let owner: DavTestClient;
let ownerDefault: string;

const hrefsOf = (xml: string) => [...xml.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((m) => m[1]!);
const responsesOf = (xml: string) => [...xml.matchAll(/<d:response>([\s\S]*?)<\/d:response>/g)].map((m) => m[1]!);
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const dataOf = (xml: string) => [...xml.matchAll(/<cal:calendar-data>([\s\S]*?)<\/cal:calendar-data>/g)].map((m) => unescape(m[1]!));
const tokenOf = (xml: string) => /<d:sync-token>([^<]*)<\/d:sync-token>/.exec(xml)?.[1];

const syncBody = (token: string) =>
  `<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
const queryBody = (start: string, end: string) =>
  `<?xml version="1.0"?><cal:calendar-query xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><cal:calendar-data/></d:prop><cal:filter><cal:comp-filter name="VCALENDAR"><cal:comp-filter name="VEVENT"><cal:time-range start="${start}" end="${end}"/></cal:comp-filter></cal:comp-filter></cal:filter></cal:calendar-query>`;

beforeAll(async () => {
  server = await startTestServer();
  team = await portalWithTeam(server);
  owner = davClient(server, team.ownerUser.email, (await appPasswordFor(team.owner)).password);
  ownerDefault = (await team.owner.get('/api/calendars')).body.items.find((c: { isDefault: boolean }) => c.isDefault).id;
});
afterAll(async () => {
  await server?.close();
});

const calPath = (calendarId: string, userId = team.ownerUser.id) => `/dav/calendars/${userId}/${calendarId}/`;

describe('app passwords', () => {
  it('are shown once, listed without the secret, open /dav/ only, and stop working when revoked', async () => {
    const created = await team.member.post('/api/me/app-passwords', { name: 'Thunderbird' });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['id', 'name', 'password']);
    const list = await team.member.get('/api/me/app-passwords');
    expect(list.body.items).toEqual([{ id: created.body.id, name: 'Thunderbird', createdAt: expect.any(String), lastUsedAt: null }]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.password);
    // Not an API token, not a session, not the account password.
    expect((await server.client().withToken(created.body.password).get('/api/me')).status).toBe(401);
    expect((await team.member.get('/api/tokens')).body.items).toEqual([]);
    const login = await server
      .client()
      .post('/api/auth/login', { portalSlug: team.portal.slug, email: team.memberUser.email, password: created.body.password });
    expect(login.status).toBe(401);

    const dav = davClient(server, team.memberUser.email, created.body.password);
    expect((await dav.request('PROPFIND', '/dav/', propfindBody('d:current-user-principal'), { depth: '0' })).status).toBe(207);
    expect((await team.member.get('/api/me/app-passwords')).body.items[0].lastUsedAt).not.toBeNull();
    // The right password under another user's email is refused.
    expect((await davClient(server, team.adminUser.email, created.body.password).request('PROPFIND', '/dav/', '', { depth: '0' })).status).toBe(401);

    expect((await team.member.delete(`/api/me/app-passwords/${created.body.id}`)).status).toBe(204);
    expect((await team.member.delete(`/api/me/app-passwords/${created.body.id}`)).status).toBe(204);
    expect((await team.member.delete('/api/me/app-passwords/nope')).status).toBe(404);
    const refused = await dav.request('PROPFIND', '/dav/', '', { depth: '0' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Basic realm="SchedulingKit", charset="UTF-8"');
    expect((await team.member.get('/api/me/app-passwords')).body.items).toEqual([]);
    const audit = await team.owner.get('/api/audit?limit=200');
    const actions = audit.body.items.filter((e: { targetId: string }) => e.targetId === created.body.id).map((e: { action: string }) => e.action);
    expect(actions.sort()).toEqual(['app_password.created', 'app_password.revoked']);
  });

  it('refuses API tokens, account passwords and no credentials at /dav/ with 401 and a Basic challenge', async () => {
    const token = (await team.owner.post('/api/tokens', { name: 'script' })).body.token as string;
    for (const password of [token, PASSWORD]) {
      const res = await davClient(server, team.ownerUser.email, password).request('PROPFIND', '/dav/', '', { depth: '0' });
      expect(res.status).toBe(401);
    }
    const anonymous = await fetch(`${server.url}/dav/`, { method: 'PROPFIND', headers: { depth: '0' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic realm="SchedulingKit"');
  });

  it('stop working at once when the user is deactivated', async () => {
    const u = await addUser(server, team.owner, { role: 'member' });
    const dav = davClient(server, u.user.email, (await appPasswordFor(u.client)).password);
    expect((await dav.request('PROPFIND', '/dav/', '', { depth: '0' })).status).toBe(207);
    expect((await team.owner.post(`/api/users/${u.user.id}/deactivate`)).status).toBe(200);
    expect((await dav.request('PROPFIND', '/dav/', '', { depth: '0' })).status).toBe(401);
  });

  it('throttles failed Basic attempts like sign-in (429 with Retry-After)', async () => {
    const u = await addUser(server, team.owner, { role: 'member' });
    const wrong = davClient(server, u.user.email, 'skdav_wrong');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await wrong.request('PROPFIND', '/dav/', '', { depth: '0' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const last = await wrong.request('PROPFIND', '/dav/', '', { depth: '0' });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 60_000);
});

describe('discovery', () => {
  it('redirects /.well-known/caldav to /dav/ and answers OPTIONS with the DAV classes', async () => {
    const res = await fetch(`${server.url}/.well-known/caldav`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/dav/');
    const options = await fetch(`${server.url}/dav/`, { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('dav')).toBe('1, 3, calendar-access');
    expect(options.headers.get('allow')).toContain('PROPFIND');
  });

  it('leads from the root to the principal, the calendar home and every calendar the user sees', async () => {
    const shared = (await team.admin.post('/api/calendars', { name: 'Team & <Friends>', kind: 'shared' })).body.id as string;
    const memberPersonal = (await team.member.post('/api/calendars', { name: 'Mia private' })).body.id as string;
    const root = await owner.request('PROPFIND', '/dav/', propfindBody('d:current-user-principal'), { depth: '0' });
    expect(root.status).toBe(207);
    const principal = hrefsOf(root.text).find((h) => h.startsWith('/dav/principals/'))!;
    expect(principal).toBe(`/dav/principals/${team.ownerUser.id}/`);
    const p = await owner.request('PROPFIND', principal, propfindBody('cal:calendar-home-set', 'cal:calendar-user-address-set'), { depth: '0' });
    expect(p.text).toContain(`<cal:calendar-home-set><d:href>/dav/calendars/${team.ownerUser.id}/</d:href>`);
    expect(p.text).toContain(`mailto:${team.ownerUser.email}`);
    const home = await owner.request(
      'PROPFIND',
      `/dav/calendars/${team.ownerUser.id}/`,
      propfindBody(
        'd:resourcetype',
        'd:displayname',
        'ical:calendar-color',
        'cs:getctag',
        'd:sync-token',
        'cal:supported-calendar-component-set',
        'd:current-user-privilege-set',
      ),
      { depth: '1' },
    );
    expect(home.status).toBe(207);
    const hrefs = hrefsOf(home.text);
    expect(hrefs).toContain(calPath(ownerDefault));
    expect(hrefs).toContain(calPath(shared));
    expect(hrefs).not.toContain(calPath(memberPersonal));
    expect(home.text).toContain('<d:displayname>Team &amp; &lt;Friends&gt;</d:displayname>');
    expect(home.text).toContain('<cal:comp name="VEVENT"/>');
    expect(home.text).toContain('<d:write-content/>');
    // The member's own calendar is not found through the owner's account, nor with the owner's id in the path.
    expect((await owner.request('PROPFIND', calPath(memberPersonal), '', { depth: '0' })).status).toBe(404);
    expect((await owner.request('PROPFIND', calPath(memberPersonal, team.memberUser.id), '', { depth: '0' })).status).toBe(404);
  });
});

describe('events through CalDAV', () => {
  it('creates with If-None-Match, reads back, updates with If-Match (412 on a stale ETag), and the app shows the same event', async () => {
    const path = `${calPath(ownerDefault)}client-one.ics`;
    const ics = vevent({
      uid: 'client-uid-1@example.test',
      summary: 'Planning; with, commas',
      start: '20260309T090000',
      end: '20260309T100000',
      tzid: 'Europe/Berlin',
    });
    const created = await owner.request('PUT', path, ics, { 'content-type': 'text/calendar; charset=utf-8', 'if-none-match': '*' });
    expect(created.status).toBe(201);
    const etag = created.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await owner.request('PUT', path, ics, { 'content-type': 'text/calendar', 'if-none-match': '*' })).status).toBe(412);

    const got = await owner.request('GET', path);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe(etag);
    const vev = new ICAL.Component(ICAL.parse(got.text)).getFirstSubcomponent('vevent')!;
    expect(vev.getFirstPropertyValue('uid')).toBe('client-uid-1@example.test');
    expect(vev.getFirstPropertyValue('summary')).toBe('Planning; with, commas');
    expect(vev.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');

    const inApp = await team.owner.get(`/api/events?from=2026-03-09T00:00:00Z&to=2026-03-10T00:00:00Z&calendarIds=${ownerDefault}`);
    const occ = inApp.body.items.find((o: { title: string }) => o.title === 'Planning; with, commas');
    expect(occ.start).toBe('2026-03-09T08:00:00.000Z');
    const event = (await team.owner.get(`/api/events/${occ.eventId}`)).body;
    expect(event.icalUid).toBe('client-uid-1@example.test');

    const changed = ics.replace('SUMMARY:Planning; with, commas', 'SUMMARY:Planning moved').replace('T090000', 'T110000').replace('T100000', 'T120000');
    expect((await owner.request('PUT', path, changed, { 'content-type': 'text/calendar', 'if-match': '"stale"' })).status).toBe(412);
    const updated = await owner.request('PUT', path, changed, { 'content-type': 'text/calendar', 'if-match': etag });
    expect(updated.status).toBe(204);
    expect(updated.headers.get('etag')).not.toBe(etag);
    const after = (await team.owner.get(`/api/events/${occ.eventId}`)).body;
    expect(after).toMatchObject({ title: 'Planning moved', start: '2026-03-09T11:00:00', timeZone: 'Europe/Berlin', id: occ.eventId });

    // A second resource with the same UID is a conflict.
    const dup = await owner.request('PUT', `${calPath(ownerDefault)}other-name.ics`, ics, { 'content-type': 'text/calendar' });
    expect(dup.status).toBe(403);
    expect(dup.text).toContain('no-uid-conflict');

    expect((await owner.request('DELETE', path, undefined, { 'if-match': '"stale"' })).status).toBe(412);
    expect((await owner.request('DELETE', path)).status).toBe(204);
    expect((await team.owner.get(`/api/events/${occ.eventId}`)).status).toBe(404);
    expect((await owner.request('GET', path)).status).toBe(404);
  });

  it('stores recurrence with an exception (RECURRENCE-ID), time zones and all-day events as the app shows them', async () => {
    const series = vevent({
      uid: 'weekly@example.test',
      summary: 'Weekly',
      start: '20260105T090000',
      end: '20260105T093000',
      tzid: 'America/Los_Angeles',
      rrule: 'FREQ=WEEKLY;COUNT=10',
      extra: [
        'BEGIN:VEVENT',
        'UID:weekly@example.test',
        'DTSTAMP:20260101T000000Z',
        'RECURRENCE-ID;TZID=America/Los_Angeles:20260112T090000',
        'DTSTART;TZID=America/Los_Angeles:20260112T140000',
        'DTEND;TZID=America/Los_Angeles:20260112T143000',
        'SUMMARY:Weekly (moved)',
        'END:VEVENT',
      ],
    });
    expect((await owner.request('PUT', `${calPath(ownerDefault)}weekly.ics`, series, { 'content-type': 'text/calendar' })).status).toBe(201);
    const allDay = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//t//t//EN',
      'BEGIN:VEVENT',
      'UID:holiday@example.test',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;VALUE=DATE:20260120',
      'DTEND;VALUE=DATE:20260122',
      'SUMMARY:Offsite',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    expect((await owner.request('PUT', `${calPath(ownerDefault)}holiday.ics`, allDay, { 'content-type': 'text/calendar' })).status).toBe(201);

    const occ = (await team.owner.get(`/api/events?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z&calendarIds=${ownerDefault}`)).body.items as {
      title: string;
      start: string;
      allDay: boolean;
      startDate: string | null;
      endDate: string | null;
    }[];
    const weekly = occ.filter((o) => o.title.startsWith('Weekly'));
    expect(weekly.map((o) => [o.title, o.start])).toEqual([
      ['Weekly', '2026-01-05T17:00:00.000Z'],
      ['Weekly (moved)', '2026-01-12T22:00:00.000Z'],
      ['Weekly', '2026-01-19T17:00:00.000Z'],
      ['Weekly', '2026-01-26T17:00:00.000Z'],
    ]);
    expect(occ.find((o) => o.title === 'Offsite')).toMatchObject({ allDay: true, startDate: '2026-01-20', endDate: '2026-01-22' });

    // Read back: one object with the series and its exception under the same UID.
    const got = await owner.request('GET', `${calPath(ownerDefault)}weekly.ics`);
    const vevents = new ICAL.Component(ICAL.parse(got.text)).getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(2);
    expect(vevents.map((v) => v.getFirstPropertyValue('uid'))).toEqual(['weekly@example.test', 'weekly@example.test']);
    expect(String(vevents[0]!.getFirstPropertyValue('rrule'))).toContain('FREQ=WEEKLY');
  });

  it('answers calendar-query by time range with recurrence expanded, and calendar-multiget by href', async () => {
    const cal = (await team.owner.post('/api/calendars', { name: 'Query' })).body.id as string;
    const put = (name: string, ics: string) => owner.request('PUT', `${calPath(cal)}${name}`, ics, { 'content-type': 'text/calendar' });
    await put('daily.ics', vevent({ uid: 'daily@q', summary: 'Daily from January', start: '20260101T080000Z', end: '20260101T083000Z', rrule: 'FREQ=DAILY' }));
    await put('feb.ics', vevent({ uid: 'feb@q', summary: 'February only', start: '20260210T080000Z', end: '20260210T090000Z' }));
    await put('ended.ics', vevent({ uid: 'ended@q', summary: 'Ended', start: '20260101T080000Z', end: '20260101T090000Z', rrule: 'FREQ=DAILY;COUNT=3' }));
    const res = await owner.request('REPORT', calPath(cal), queryBody('20260301T000000Z', '20260401T000000Z'), { depth: '1' });
    expect(res.status).toBe(207);
    expect(hrefsOf(res.text)).toEqual([`${calPath(cal)}daily.ics`]);
    expect(dataOf(res.text)[0]).toContain('UID:daily@q');

    const feb = await owner.request('REPORT', calPath(cal), queryBody('20260210T083000Z', '20260210T084500Z'), { depth: '1' });
    expect(hrefsOf(feb.text)).toEqual([`${calPath(cal)}feb.ics`]);

    const multi = await owner.request(
      'REPORT',
      calPath(cal),
      `<?xml version="1.0"?><cal:calendar-multiget xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><cal:calendar-data/></d:prop><d:href>${calPath(cal)}feb.ics</d:href><d:href>${calPath(cal)}missing.ics</d:href></cal:calendar-multiget>`,
      { depth: '1' },
    );
    const found = responsesOf(multi.text).find((r) => r.includes('feb.ics'))!;
    const missing = responsesOf(multi.text).find((r) => r.includes('missing.ics'))!;
    expect(found).toContain('UID:feb@q');
    expect(missing).toContain('404 Not Found');
  });
});

describe('sync-collection', () => {
  it('reports changes made in the app and through CalDAV, and deletions, since a token that survives a restart', async () => {
    const cal = (await team.owner.post('/api/calendars', { name: 'Sync' })).body.id as string;
    const first = await owner.request('REPORT', calPath(cal), syncBody(''), { depth: '1' });
    expect(first.status).toBe(207);
    const t0 = tokenOf(first.text)!;
    expect(responsesOf(first.text)).toEqual([]);

    const made = await team.owner.post('/api/events', {
      calendarId: cal,
      title: 'From the app',
      start: '2026-04-01T10:00',
      end: '2026-04-01T11:00',
      timeZone: 'UTC',
    });
    const s1 = await owner.request('REPORT', calPath(cal), syncBody(t0), { depth: '1' });
    expect(hrefsOf(s1.text)).toEqual([`${calPath(cal)}${made.body.id}.ics`]);
    const t1 = tokenOf(s1.text)!;
    expect(t1).not.toBe(t0);
    expect(responsesOf((await owner.request('REPORT', calPath(cal), syncBody(t1), { depth: '1' })).text)).toEqual([]);

    const ctag = (text: string) => /<cs:getctag>(\d+)<\/cs:getctag>/.exec(text)?.[1];
    const before = ctag((await owner.request('PROPFIND', calPath(cal), propfindBody('cs:getctag'), { depth: '0' })).text);
    await team.owner.patch(`/api/events/${made.body.id}`, { title: 'Renamed in the app' });
    expect(ctag((await owner.request('PROPFIND', calPath(cal), propfindBody('cs:getctag'), { depth: '0' })).text)).not.toBe(before);
    const s2 = await owner.request('REPORT', calPath(cal), syncBody(t1), { depth: '1' });
    expect(hrefsOf(s2.text)).toEqual([`${calPath(cal)}${made.body.id}.ics`]);
    expect(s2.text).toContain('200 OK');
    const t2 = tokenOf(s2.text)!;

    await team.owner.delete(`/api/events/${made.body.id}`);
    const s3 = await owner.request('REPORT', calPath(cal), syncBody(t2), { depth: '1' });
    expect(responsesOf(s3.text)).toHaveLength(1);
    expect(s3.text).toContain('404 Not Found');
    const t3 = tokenOf(s3.text)!;

    // A client's resource name is what sync reports.
    await owner.request('PUT', `${calPath(cal)}mine.ics`, vevent({ uid: 'mine@s', summary: 'Mine', start: '20260402T100000Z', end: '20260402T110000Z' }), {
      'content-type': 'text/calendar',
    });
    const s4 = await owner.request('REPORT', calPath(cal), syncBody(t3), { depth: '1' });
    expect(hrefsOf(s4.text)).toEqual([`${calPath(cal)}mine.ics`]);

    const bad = await owner.request('REPORT', calPath(cal), syncBody('urn:x-schedulingkit:sync:other:1'), { depth: '1' });
    expect(bad.status).toBe(403);
    expect(bad.text).toContain('valid-sync-token');
  });
});

describe('roles', () => {
  it('lets the owner of a calendar (admins for shared ones) rename it; a member gets 403 for a shared calendar, as in the REST API', async () => {
    const shared = (await team.admin.post('/api/calendars', { name: 'Shared', kind: 'shared' })).body.id as string;
    const member = davClient(server, team.memberUser.email, (await appPasswordFor(team.member)).password);
    const body = `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:ical="http://apple.com/ns/ical/"><d:set><d:prop><d:displayname>Renamed</d:displayname><ical:calendar-color>#FF0000FF</ical:calendar-color></d:prop></d:set></d:propertyupdate>`;
    const memberPath = `/dav/calendars/${team.memberUser.id}/${shared}/`;
    const refused = await member.request('PROPPATCH', memberPath, body);
    expect(refused.status).toBe(403);
    expect((await team.member.patch(`/api/calendars/${shared}`, { name: 'Renamed' })).status).toBe(403);
    const privileges = await member.request('PROPFIND', memberPath, propfindBody('d:current-user-privilege-set'), { depth: '0' });
    expect(privileges.text).toContain('<d:write-content/>');
    expect(privileges.text).not.toContain('<d:write-properties/>');
    // Members may add events to shared calendars (as in the app).
    expect(
      (
        await member.request('PUT', `${memberPath}m.ics`, vevent({ uid: 'm@r', summary: 'M', start: '20260301T100000Z', end: '20260301T110000Z' }), {
          'content-type': 'text/calendar',
        })
      ).status,
    ).toBe(201);

    const ok = await owner.request('PROPPATCH', calPath(shared), body);
    expect(ok.status).toBe(207);
    expect(ok.text).toContain('200 OK');
    expect((await team.owner.get(`/api/calendars/${shared}`)).body).toMatchObject({ name: 'Renamed', color: '#ff0000' });
  });
});

describe('isolation', () => {
  it("never reaches another portal's calendars or events: 404", async () => {
    const other = await portalWithTeam(server);
    const theirs = davClient(server, other.ownerUser.email, (await appPasswordFor(other.owner)).password);
    await owner.request(
      'PUT',
      `${calPath(ownerDefault)}secret.ics`,
      vevent({ uid: 'secret@a', summary: 'Secret', start: '20260301T100000Z', end: '20260301T110000Z' }),
      {
        'content-type': 'text/calendar',
      },
    );
    // With A's user id in the path, and with their own.
    for (const userId of [team.ownerUser.id, other.ownerUser.id]) {
      const base = `/dav/calendars/${userId}/${ownerDefault}/`;
      expect((await theirs.request('PROPFIND', base, '', { depth: '1' })).status).toBe(404);
      expect((await theirs.request('GET', `${base}secret.ics`)).status).toBe(404);
      expect(
        (
          await theirs.request('PUT', `${base}secret.ics`, vevent({ uid: 'x@b', summary: 'X', start: '20260301T100000Z', end: '20260301T110000Z' }), {
            'content-type': 'text/calendar',
          })
        ).status,
      ).toBe(404);
      expect((await theirs.request('DELETE', `${base}secret.ics`)).status).toBe(404);
      expect((await theirs.request('REPORT', base, syncBody(''), { depth: '1' })).status).toBe(404);
    }
    const home = await theirs.request('PROPFIND', `/dav/calendars/${other.ownerUser.id}/`, '', { depth: '1' });
    expect(home.text).not.toContain(ownerDefault);
    expect((await owner.request('GET', `${calPath(ownerDefault)}secret.ics`)).status).toBe(200);
  });
});
