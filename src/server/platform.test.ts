import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../kernel/config.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import { signupPortal } from '../test/factories.js';

describe('configuration (validated at boot)', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.BASE_URL).toBe('http://localhost:3000');
    expect(c.DATA_DIR.endsWith('/data')).toBe(true);
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['BASE_URL', 'not a url'],
    ['SMTP_URL', 'http://mail'],
    ['LOG_LEVEL', 'loud'],
    ['SIGNUP_LIMIT', '-1'],
  ])('stops with a message naming %s when it is %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n\\s+${name}:`));
  });
});

describe('platform endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('GET /healthz reports the database', async () => {
    const res = await server.client().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { dialect: process.env.DATABASE_URL ? 'postgres' : 'sqlite', status: 'up' } });
  });

  it('GET /metrics speaks Prometheus text with request counts', async () => {
    await server.client().get('/healthz');
    const res = await server.client().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(/skit_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.text).toContain('process_cpu_seconds_total');
  });

  it('GET /api/openapi.json documents every API route from the zod schemas', async () => {
    const res = await server.client().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    for (const r of server.app.apiRoutes) expect(documented).toContain(`${r.method} ${r.url}`);
    const signup = res.body.paths['/api/auth/signup'].post;
    const schema = signup.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['portalSlug', 'portalName', 'name', 'email', 'password']));
    expect(schema.properties.password.minLength).toBe(10);
  });

  it('serves the API docs page at /api/docs', async () => {
    const res = await server.client().get('/api/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });

  it('answers unknown API paths with the error shape, and unknown pages with the web app', async () => {
    const api = await server.client().get('/api/nope');
    expect(api.status).toBe(404);
    expect(api.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route GET /api/nope' } });
    const page = await server.client().get('/app/settings/users');
    if (fs.existsSync(new URL('../../web/dist/index.html', import.meta.url))) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain('<div id="root">');
    } else {
      expect(page.status).toBe(503);
    }
  });

  it('answers unauthenticated calls with 401 UNAUTHENTICATED', async () => {
    const res = await server.client().get('/api/users');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('database', () => {
  it.skipIf(!!process.env.DATABASE_URL)('runs SQLite in WAL mode by default', async () => {
    const server = await startTestServer();
    try {
      await signupPortal(server);
      expect(fs.existsSync(`${server.dataDir}/schedulingkit.sqlite-wal`)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
