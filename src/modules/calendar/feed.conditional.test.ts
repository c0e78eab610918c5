import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../../test/factories.js';
import { nextChangeTime, notModified } from './conditional-get.js';

/**
 * The private feed answers conditional GETs (issue 18 item 6): a strong ETag and
 * Last-Modified, 304 for a client whose copy is current, and a new ETag and a later
 * Last-Modified whenever what the feed says changes — an edit, a deleted event, a renamed
 * calendar. Calendar apps poll feeds every few minutes; this is what makes that cheap.
 */

let server: TestServer;
let a: SignedUpPortal;
let calendarId: string;
let feed: string;
let standup: string;
let lunch: string;

beforeAll(async () => {
  server = await startTestServer();
  a = await signupPortal(server);
  calendarId = (await a.client.post('/api/calendars', { name: 'Team', color: '#fd7e14', kind: 'shared' })).body.id;
  const create = async (title: string, start: string) => {
    const res = await a.client.post('/api/events', { calendarId, title, start, end: start.replace('T09', 'T10'), timeZone: 'Europe/Berlin' });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  standup = await create('Standup', '2026-03-02T09:00');
  lunch = await create('Lunch', '2026-03-03T09:00');
  const url = await a.client.get(`/api/calendars/${calendarId}/feed-url`);
  expect(url.status, url.text).toBe(200);
  feed = new URL(url.body.url).pathname;
});
afterAll(async () => {
  await server?.close();
});

const guest = () => server.client();
const get = (headers: Record<string, string> = {}) => guest().get(feed, headers);

async function current() {
  const res = await get();
  expect(res.status).toBe(200);
  return { etag: res.headers.get('etag')!, lastModified: res.headers.get('last-modified')!, text: res.text };
}

describe('calendar feed: ETag, Last-Modified and 304', () => {
  it('gives the feed link as https and as webcal://', async () => {
    const res = await a.client.get(`/api/calendars/${calendarId}/feed-url`);
    expect(res.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/public\/calendars\/feed\/[A-Za-z0-9_-]+\.ics$/);
    expect(res.body.webcalUrl).toBe(res.body.url.replace(/^http:\/\//, 'webcal://'));
  });

  it('sends a strong ETag and Last-Modified, the same while nothing changes', async () => {
    const first = await current();
    expect(first.etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(new Date(first.lastModified).toUTCString()).toBe(first.lastModified);
    expect(first.text).toContain('SUMMARY:Standup');
    const again = await current();
    expect(again.etag).toBe(first.etag);
    expect(again.lastModified).toBe(first.lastModified);
  });

  it('answers If-None-Match and If-Modified-Since for the current copy with 304 and no body', async () => {
    const { etag, lastModified } = await current();
    const cases: Record<string, string>[] = [
      { 'if-none-match': etag },
      { 'if-none-match': `"other", W/${etag}` },
      { 'if-none-match': '*' },
      { 'if-modified-since': lastModified },
      { 'if-modified-since': new Date(Date.parse(lastModified) + 60_000).toUTCString() },
    ];
    for (const headers of cases) {
      const res = await get(headers);
      expect(res.status, JSON.stringify(headers)).toBe(304);
      expect(res.text).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('last-modified')).toBe(lastModified);
    }
  });

  it('sends the whole feed to a stale copy, and If-None-Match wins over If-Modified-Since', async () => {
    const { etag, lastModified } = await current();
    expect((await get({ 'if-none-match': '"stale"' })).status).toBe(200);
    expect((await get({ 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).status).toBe(200);
    expect((await get({ 'if-none-match': '"stale"', 'if-modified-since': lastModified })).status).toBe(200);
    expect((await get({ 'if-modified-since': 'not a date' })).status).toBe(200);
    expect((await get({ 'if-none-match': etag, 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(304);
  });

  it('answers HEAD with the headers alone', async () => {
    const { etag, lastModified } = await current();
    const head = await guest().request('HEAD', feed);
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('etag')).toBe(etag);
    expect(head.headers.get('last-modified')).toBe(lastModified);
    expect(head.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect((await guest().request('HEAD', feed, undefined, { 'if-none-match': etag })).status).toBe(304);
  });

  it('changes the ETag and moves Last-Modified on when an event is edited', async () => {
    const before = await current();
    expect((await a.client.patch(`/api/events/${standup}`, { title: 'Daily standup' })).status).toBe(200);
    const stale = await get({ 'if-none-match': before.etag });
    expect(stale.status).toBe(200);
    expect(stale.text).toContain('SUMMARY:Daily standup');
    const after = await current();
    expect(after.etag).not.toBe(before.etag);
    expect(Date.parse(after.lastModified)).toBeGreaterThan(Date.parse(before.lastModified));
    expect((await get({ 'if-modified-since': before.lastModified })).status).toBe(200);
    expect((await get({ 'if-none-match': after.etag })).status).toBe(304);
  });

  it('changes the ETag and Last-Modified when an event is deleted', async () => {
    const before = await current();
    expect((await a.client.delete(`/api/events/${lunch}`)).status).toBe(204);
    const res = await get({ 'if-none-match': before.etag });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('SUMMARY:Lunch');
    expect(res.headers.get('etag')).not.toBe(before.etag);
    expect((await get({ 'if-modified-since': before.lastModified })).status).toBe(200);
  });

  it('changes the ETag when the calendar is renamed, and also when a new event arrives', async () => {
    const before = await current();
    expect((await a.client.patch(`/api/calendars/${calendarId}`, { name: 'Team, renamed' })).status).toBe(200);
    const renamed = await current();
    expect(renamed.etag).not.toBe(before.etag);
    expect(renamed.text).toContain('X-WR-CALNAME:Team\\, renamed');
    await a.client.post('/api/events', { calendarId, title: 'Retro', start: '2026-03-05T09:00', end: '2026-03-05T10:00', timeZone: 'Europe/Berlin' });
    expect((await get({ 'if-none-match': renamed.etag })).status).toBe(200);
  });
});

describe('conditional GET rules', () => {
  const v = { etag: '"abc"', lastModified: new Date('2026-03-02T10:00:00.700Z') };
  it('compares entity tags weakly and dates by whole seconds', () => {
    expect(notModified({ 'if-none-match': 'W/"abc"' }, v)).toBe(true);
    expect(notModified({ 'if-none-match': '"abcd"' }, v)).toBe(false);
    expect(notModified({ 'if-modified-since': 'Mon, 02 Mar 2026 10:00:00 GMT' }, v)).toBe(true);
    expect(notModified({ 'if-modified-since': 'Mon, 02 Mar 2026 09:59:59 GMT' }, v)).toBe(false);
    expect(notModified({}, v)).toBe(false);
  });

  it('moves Last-Modified at least one whole second on, so a change in the same second is not missed', () => {
    expect(nextChangeTime(new Date('2026-03-02T10:00:00.900Z'), '2026-03-02T10:00:00.200Z').toISOString()).toBe('2026-03-02T10:00:01.000Z');
    expect(nextChangeTime(new Date('2026-03-02T10:00:05.000Z'), '2026-03-02T10:00:00.200Z').toISOString()).toBe('2026-03-02T10:00:05.000Z');
    expect(nextChangeTime(new Date('2026-03-02T10:00:05.000Z'), null).toISOString()).toBe('2026-03-02T10:00:05.000Z');
  });
});
