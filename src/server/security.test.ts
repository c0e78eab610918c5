import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

// The web app's entry, one of its client routes, an API route, the API docs and an unknown API path.
const PATHS = ['/', '/app', '/login', '/api/me', '/healthz', '/api/docs', '/api/no-such-route'];

describe('browser security headers (http BASE_URL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(PATHS)('sends a strict Content-Security-Policy on %s', async (path) => {
    const res = await server.client().get(path);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it.each(PATHS)('forbids framing and sniffing on %s, and sends no HSTS over http', async (path) => {
    const res = await server.client().get(path);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends the headers on errors too (401 in our error shape)', async () => {
    const res = await server.client().get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('browser security headers (https BASE_URL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { BASE_URL: 'https://work.example.test' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['/', '/app', '/api/me', '/api/docs'])('sends HSTS for a year on %s, without includeSubDomains', async (path) => {
    const res = await server.client().get(path);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
