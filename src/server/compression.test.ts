import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEncoded } from '../test/raw.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import { signupPortal, type SignedUpPortal } from '../test/factories.js';
import { COMPRESS_THRESHOLD, isCompressible } from './compression.js';

let server: TestServer;
let owner: SignedUpPortal;
const cookie = () => owner.client.cookie!;

beforeAll(async () => {
  server = await startTestServer();
  owner = await signupPortal(server);
  for (let i = 0; i < 30; i++) {
    const res = await owner.client.post('/api/crm/contacts', { firstName: `Anna ${i}`, lastName: 'Lindqvist', emails: [{ value: `anna${i}@example.test` }] });
    expect(res.status, res.text).toBe(201);
  }
});
afterAll(async () => {
  await server?.close();
});

describe('API response compression (issue 16 item 5)', () => {
  it('compresses a JSON list above 1 kB with brotli when the client accepts it', async () => {
    const res = await getEncoded(server.url, '/api/crm/contacts?limit=30', { cookie: cookie(), 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    const json = JSON.parse(res.body.toString('utf8'));
    expect(json.items).toHaveLength(30);
    expect(res.body.length).toBeGreaterThan(COMPRESS_THRESHOLD);
    expect(res.raw.length).toBeLessThan(res.body.length / 3);
  });

  it('falls back to gzip, and sends plain JSON to a client that accepts neither', async () => {
    const gz = await getEncoded(server.url, '/api/crm/contacts?limit=30', { cookie: cookie(), 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gz.body.toString('utf8')).items).toHaveLength(30);
    const plain = await getEncoded(server.url, '/api/crm/contacts?limit=30', { cookie: cookie(), 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.raw.toString('utf8')).items).toHaveLength(30);
  });

  it('leaves a response under 1 kB as it is', async () => {
    const res = await getEncoded(server.url, '/api/crm/contacts?limit=1', { cookie: cookie(), 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.raw.length).toBeLessThan(COMPRESS_THRESHOLD);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.raw.toString('utf8')).items).toHaveLength(1);
  });

  it('keeps the security headers on a compressed response', async () => {
    const res = await getEncoded(server.url, '/api/crm/contacts?limit=30', { cookie: cookie(), 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends a drive download byte for byte (its ETag and Range offsets describe the file)', async () => {
    const text = 'The same line again and again. '.repeat(400);
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), 'notes.txt');
    const up = await owner.client.post('/api/drive/files', form);
    expect(up.status, up.text).toBe(201);
    const res = await getEncoded(server.url, `/api/drive/files/${up.body.id}/content`, { cookie: cookie(), 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(text.length));
    expect(res.raw.toString('utf8')).toBe(text);
  });
});

describe('what is worth compressing', () => {
  it.each([
    'application/json; charset=utf-8',
    'application/problem+json',
    'text/html',
    'text/csv',
    'text/calendar; charset=utf-8',
    'image/svg+xml',
    'application/javascript',
  ])('compresses %s', (type) => expect(isCompressible(type)).toBe(true));
  it.each(['text/event-stream', 'application/zip', 'application/octet-stream', 'image/png', 'application/pdf', 'application/gzip'])(
    'never compresses %s',
    (type) => expect(isCompressible(type)).toBe(false),
  );
});
