import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../test/factories.js';
import { rawPost, rawRequest } from '../test/raw.js';

/** What the HTTP edge answers before any module sees a request: NULs refused, and our error shape for Fastify's and Node's own errors. */

let server: TestServer;
let portal: SignedUpPortal;
beforeAll(async () => {
  server = await startTestServer();
  portal = await signupPortal(server);
});
afterAll(async () => {
  await server?.close();
});

const expectShape = (body: any, code: string) => {
  expect(body, JSON.stringify(body)).toEqual({ error: { code, message: expect.any(String), ...(body?.error?.details ? { details: expect.anything() } : {}) } });
};

describe('a NUL character (U+0000) anywhere in a request: 400 INVALID_CHARACTER on both databases (ADR 0011)', () => {
  const form = (fields: [string, string | Blob, string?][]) => {
    const f = new FormData();
    for (const [k, v, name] of fields)
      if (typeof v === 'string') f.append(k, v);
      else f.append(k, v, name);
    return f;
  };
  const cases: { name: string; where: string; send: (p: SignedUpPortal) => Promise<{ status: number; body: any }> }[] = [
    { name: 'a public path parameter', where: 'params.portalSlug', send: () => server.client().get('/api/public/%00/booking/x') },
    { name: 'a path parameter naming a record', where: 'params.id', send: (p) => p.client.get('/api/crm/contacts/a%00b') },
    { name: 'a query parameter', where: 'query.q', send: (p) => p.client.get('/api/crm/contacts?q=M%C3%BCller%00') },
    {
      name: 'a nested string of a JSON body',
      where: 'body.emails.0.value',
      send: (p) => p.client.post('/api/crm/contacts', { firstName: 'Ann', emails: [{ value: 'ann\u0000@example.test', type: 'work' }] }),
    },
    {
      name: 'a public JSON body',
      where: 'body.portalSlug',
      send: () => server.client().post('/api/auth/login', { portalSlug: 'x\u0000', email: 'a@example.test', password: 'x' }),
    },
    {
      name: 'a multipart text field',
      where: 'body.folderId',
      send: (p) =>
        p.client.post(
          '/api/drive/files',
          form([
            ['folderId', 'f\u0000'],
            ['file', new Blob(['hi']), 'a.txt'],
          ]),
        ),
    },
    {
      name: 'a multipart field of the CSV import',
      where: 'body.entity',
      send: (p) =>
        p.client.post(
          '/api/imports/csv',
          form([
            ['entity', 'contacts\u0000'],
            ['file', new Blob(['Name\nAnn\n']), 'a.csv'],
          ]),
        ),
    },
    {
      name: 'an uploaded file name',
      where: 'body.file.filename',
      send: (p) => p.client.post('/api/drive/files', form([['file', new Blob(['hi']), 'a\u0000.txt']])),
    },
  ];

  it.each(cases)('refuses $name', async ({ where, send }) => {
    const res = await send(portal);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CHARACTER');
    expect(res.body.error.message).toBe(`${where} must not contain the NUL character (U+0000)`);
  });

  it('stores nothing: no contact, no file', async () => {
    expect((await portal.client.get('/api/crm/contacts')).body.items).toEqual([]);
    expect((await portal.client.get('/api/drive/files')).body.items).toEqual([]);
  });

  it('still asks an anonymous caller to sign in first (401 before any 400)', async () => {
    const res = await server.client().get('/api/crm/contacts?q=%00');
    expect(res.status).toBe(401);
  });

  it('leaves "%00" as text alone when it is not a NUL (a JSON string "\\\\u0000" is six characters)', async () => {
    const res = await portal.client.post('/api/crm/contacts', { firstName: '100%00', lastName: '\\u0000' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ firstName: '100%00', lastName: '\\u0000' });
  });
});

describe("Fastify's and Node's own errors in our shape", () => {
  it('answers a URL with broken percent-encoding with 400 BAD_REQUEST', async () => {
    const res = await server.client().get('/api/%E0%A4%A');
    expect(res.status).toBe(400);
    expectShape(res.body, 'BAD_REQUEST');
    expect(res.body.error.message).toMatch(/URL is not valid/);
    const page = await server.client().get('/app/%E0%A4%A');
    expect(page.status).toBe(400);
    expectShape(page.body, 'BAD_REQUEST');
  });

  it('answers an over-long path parameter with 414 URI_TOO_LONG', async () => {
    const res = await server.client().get(`/api/public/${'a'.repeat(400)}/booking/x`);
    expect(res.status).toBe(414);
    expectShape(res.body, 'URI_TOO_LONG');
  });

  it('answers invalid and empty JSON with 400 BAD_REQUEST, another content type with 415', async () => {
    const bad = await portal.client.request('POST', '/api/crm/contacts', '{"firstName":', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expectShape(bad.body, 'BAD_REQUEST');
    const empty = await portal.client.request('POST', '/api/crm/contacts', '', { 'content-type': 'application/json' });
    expect(empty.status).toBe(400);
    expectShape(empty.body, 'BAD_REQUEST');
    const proto = await portal.client.request('POST', '/api/crm/contacts', '{"__proto__":{"x":1},"firstName":"A"}', { 'content-type': 'application/json' });
    expect(proto.status).toBe(400);
    expectShape(proto.body, 'BAD_REQUEST');
    const form = await portal.client.request('POST', '/api/crm/contacts', 'firstName=A', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expectShape(form.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers unknown /api routes and methods with 404 NOT_FOUND', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['DELETE', '/api/crm/contacts'],
      ['POST', '/somewhere'],
    ] as const) {
      const res = await portal.client.request(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expectShape(res.body, 'NOT_FOUND');
    }
  });

  it('answers a request that is not valid HTTP with 400 BAD_REQUEST', async () => {
    const host = new URL(server.url).host;
    for (const request of [
      `GET /api/instance HTTP/1.1\r\nHost: ${host}\r\nthis is not a header\r\n\r\n`,
      `GET /api/instance HTTP/1.1\r\nHost: ${host}\r\nX-Note: a\u0000b\r\n\r\n`,
      `GET /api/instance HTTP/1.1\r\nHost: ${host}\r\nContent-Length: abc\r\n\r\n`,
    ]) {
      const res = await rawRequest(server.url, request);
      expect(res.status, JSON.stringify(request)).toBe(400);
      expectShape(res.body, 'BAD_REQUEST');
      expect(res.headers['content-type']).toMatch(/application\/json/);
    }
  });

  it('answers headers over the size limit with 431 HEADERS_TOO_LARGE', async () => {
    const res = await rawPost(server.url, '/api/instance', { 'X-Big': 'a'.repeat(20_000) }, '');
    expect(res.status).toBe(431);
    expectShape(res.body, 'HEADERS_TOO_LARGE');
  });
});
