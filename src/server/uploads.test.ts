import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../test/factories.js';
import { rawPost, type RawResponse } from '../test/raw.js';

/**
 * Malformed uploads on the five upload routes, sent as raw HTTP (bodies built by
 * hand): a 400 with a stable code, never a 500, and nothing left behind — no
 * stored file, no upload on disk, no import row, no job, no record.
 */

let server: TestServer;
let portal: SignedUpPortal;
/** The archive import needs an empty portal; nothing in this file may fill it. */
let empty: SignedUpPortal;
let calendarId: string;

beforeAll(async () => {
  server = await startTestServer();
  portal = await signupPortal(server);
  empty = await signupPortal(server);
  const cal = await portal.client.post('/api/calendars', { name: 'Imports', kind: 'personal' });
  calendarId = cal.body.id;
});
afterAll(async () => {
  await server?.close();
});

const B = 'skitBoundary7MA4YWxkTrZu0gW';
const part = (name: string, content: string | Buffer, filename?: string) =>
  Buffer.concat([
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n`),
    Buffer.from(filename ? 'Content-Type: application/octet-stream\r\n\r\n' : '\r\n'),
    Buffer.from(content),
    Buffer.from('\r\n'),
  ]);
const end = Buffer.from(`--${B}--\r\n`);

function post(p: SignedUpPortal, route: string, body: Buffer | string, contentType = `multipart/form-data; boundary=${B}`): Promise<RawResponse> {
  return rawPost(server.url, route, { Cookie: p.client.cookie!, Origin: server.url, 'Content-Type': contentType }, body);
}

interface Route {
  name: string;
  path: () => string;
  field: string;
  who: () => SignedUpPortal;
}
const routes: Route[] = [
  { name: 'drive upload', path: () => '/api/drive/files', field: 'file', who: () => portal },
  { name: 'ZIP import', path: () => '/api/imports', field: 'file', who: () => empty },
  { name: 'CSV import', path: () => '/api/imports/csv', field: 'file', who: () => portal },
  { name: 'Bitrix24 import', path: () => '/api/imports/bitrix24', field: 'contacts', who: () => portal },
  { name: 'calendar import', path: () => `/api/calendars/${calendarId}/import`, field: 'file', who: () => portal },
];

const csv = 'First name,Last name\r\nAnn,Smith\r\n';
const malformed: { kind: string; contentType?: string; body: (field: string) => Buffer }[] = [
  {
    kind: 'no boundary in the Content-Type',
    contentType: 'multipart/form-data',
    body: (f) => Buffer.concat([part('entity', 'contacts'), part(f, csv, 'a.csv'), end]),
  },
  {
    kind: 'a body cut short inside the file part',
    body: (f) =>
      Buffer.concat([part('entity', 'contacts'), Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${f}"; filename="a.csv"\r\n\r\n${csv}`)]),
  },
  { kind: 'a body cut short inside the part headers', body: (f) => Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${f}"; filen`) },
  { kind: 'a body without any boundary', body: () => Buffer.from('this is not multipart at all') },
  {
    kind: 'a boundary that differs from the one announced',
    body: (f) => Buffer.from(`--other\r\nContent-Disposition: form-data; name="${f}"\r\n\r\nx\r\n--other--\r\n`),
  },
];

describe.each(routes)('$name', (route) => {
  it.each(malformed)('answers $kind with 400 MALFORMED_MULTIPART', async ({ contentType, body }) => {
    const res = await post(route.who(), route.path(), body(route.field), contentType);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_MULTIPART');
    expect(res.body.error.message).toMatch(/multipart\/form-data/);
  });
});

describe('files that are not what the route reads', () => {
  it('answers a CSV with an unclosed quote with 400 INVALID_FILE naming the row', async () => {
    const res = await post(
      portal,
      '/api/imports/csv',
      Buffer.concat([part('entity', 'contacts'), part('file', 'First name\r\nAnn\r\n"Bob\r\nCarl\r\n', 'a.csv'), end]),
    );
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_FILE', message: 'The file is not valid CSV: a quoted cell in row 2 is never closed' });
  });

  it('answers a CSV with text after a closing quote, and an empty CSV, with 400 INVALID_FILE', async () => {
    const junk = await post(portal, '/api/imports/csv', Buffer.concat([part('entity', 'contacts'), part('file', 'First name\r\n"Ann"x\r\n', 'a.csv'), end]));
    expect(junk.status, junk.text).toBe(400);
    expect(junk.body.error.code).toBe('INVALID_FILE');
    const blank = await post(portal, '/api/imports/csv', Buffer.concat([part('entity', 'contacts'), part('file', '\uFEFF \r\n', 'a.csv'), end]));
    expect(blank.status, blank.text).toBe(400);
    expect(blank.body.error).toMatchObject({ code: 'INVALID_FILE', message: expect.stringMatching(/empty/) });
  });

  it('answers an empty .ics, and one that is not iCalendar, with 400 INVALID_FILE (multipart and text/calendar alike)', async () => {
    const route = `/api/calendars/${calendarId}/import`;
    for (const [body, type] of [
      [Buffer.concat([part('file', '', 'a.ics'), end]), undefined],
      [Buffer.concat([part('file', '\r\n\r\n', 'a.ics'), end]), undefined],
      [Buffer.from(''), 'text/calendar'],
      [Buffer.from('PK\u0003\u0004 not a calendar'), 'text/calendar'],
    ] as const) {
      const res = await post(portal, route, body, type);
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.code).toBe('INVALID_FILE');
    }
  });

  it('answers a ZIP that is not a ZIP, or is cut short, with 400 ARCHIVE_INVALID', async () => {
    const zip = Buffer.from('504b0304140000000800', 'hex');
    for (const content of [Buffer.from('just text'), zip, Buffer.alloc(0)]) {
      const res = await post(empty, '/api/imports', Buffer.concat([part('file', content, 'export.zip'), end]));
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.code).toBe('ARCHIVE_INVALID');
    }
  });

  it('reports a Bitrix24 file it cannot read, and an empty .ics, as problems of the migration', async () => {
    const res = await post(portal, '/api/imports/bitrix24', Buffer.concat([part('contacts', '', 'contacts.csv'), part('calendar', '', 'calendar.ics'), end]));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'done', error: null });
    expect(res.body.report.problems.map((p: any) => p.message)).toEqual(['contacts.csv: is empty', expect.stringMatching(/^calendar\.ics: The file is empty/)]);
  });
});

describe('after all of that', () => {
  it('stored nothing: no file, no upload on disk, no import row but the migration reports, no import job, no record', async () => {
    const onDisk: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if ([portal.portal.id, empty.portal.id].some((id) => p.includes(id))) onDisk.push(p);
      }
    };
    walk(server.dataDir);
    expect(onDisk).toEqual([]);
    for (const p of [portal, empty]) {
      expect((await p.client.get('/api/drive/files')).body.items).toEqual([]);
      expect((await p.client.get('/api/crm/contacts')).body.items).toEqual([]);
    }
    const events = await portal.client.get(`/api/events?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&calendarIds=${calendarId}`);
    expect(events.body.items, events.text).toEqual([]);
    const imports = await server.deps.db
      .selectFrom('portal_imports')
      .select(['kind', 'status'])
      .where('portal_id', 'in', [portal.portal.id, empty.portal.id])
      .execute();
    expect(imports).toEqual([{ kind: 'bitrix24', status: 'done' }]);
    const jobs = await server.deps.db.selectFrom('jobs').select('kind').where('kind', 'like', 'portability.%').execute();
    expect(jobs).toEqual([]);
  });
});
