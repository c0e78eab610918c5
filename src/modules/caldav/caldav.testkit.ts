import type { TestServer } from '../../test/harness.js';
import type { TestClient } from '../../test/client.js';

/** A CalDAV client for tests: HTTP Basic with an email and an app password, raw WebDAV methods. */
export interface DavTestClient {
  email: string;
  password: string;
  request(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }>;
}

export function davClient(server: TestServer, email: string, password: string): DavTestClient {
  const auth = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
  return {
    email,
    password,
    async request(method, path, body, headers = {}) {
      const res = await fetch(server.url + path, {
        method,
        headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/xml; charset=utf-8' } : {}), ...headers },
        body,
        redirect: 'manual',
      });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
  };
}

/** Makes an app password for the signed-in user of `client`. */
export async function appPasswordFor(client: TestClient, name = 'Phone'): Promise<{ id: string; password: string }> {
  const res = await client.post('/api/me/app-passwords', { name });
  if (res.status !== 201) throw new Error(`app password: ${res.status} ${res.text}`);
  return res.body;
}

export const propfindBody = (...props: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:ical="http://apple.com/ns/ical/"><d:prop>${props.map((p) => `<${p}/>`).join('')}</d:prop></d:propfind>`;

export function vevent(opts: { uid: string; summary: string; start: string; end: string; tzid?: string; rrule?: string; extra?: string[] }): string {
  const tz = opts.tzid ? `;TZID=${opts.tzid}` : '';
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//caldav//EN',
    'BEGIN:VEVENT',
    `UID:${opts.uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART${tz}:${opts.start}`,
    `DTEND${tz}:${opts.end}`,
    `SUMMARY:${opts.summary}`,
    ...(opts.rrule ? [`RRULE:${opts.rrule}`] : []),
    'END:VEVENT',
    ...(opts.extra ?? []),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
