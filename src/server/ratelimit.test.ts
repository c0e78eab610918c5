import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { signupPortal } from '../test/factories.js';
import { loadConfig } from '../kernel/config.js';

describe('rate limit for API tokens', () => {
  const LIMIT = 5;
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { API_RATE_LIMIT: String(LIMIT), API_RATE_WINDOW_SECONDS: '60' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a token over its limit with 429 RATE_LIMITED, Retry-After and RateLimit headers; another token and the web app go on', async () => {
    const { client, portal } = await signupPortal(server);
    const tokenA = (await client.post('/api/tokens', { name: 'Busy script' })).body.token as string;
    const tokenB = (await client.post('/api/tokens', { name: 'Quiet script' })).body.token as string;
    const busy = server.client().withToken(tokenA);

    for (let i = 1; i <= LIMIT; i++) {
      const res = i % 2 ? await busy.get('/api/me') : await busy.get('/api/crm/contacts');
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(res.headers.get('ratelimit-remaining')).toBe(String(LIMIT - i));
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }

    const limited = await busy.get('/api/me');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^This API token made more than 5 requests in 60 seconds\. Try again in \d+ seconds\.$/),
        details: { retryAfterSeconds: expect.any(Number) },
      },
    });
    const retryAfter = limited.body.error.details.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('retry-after')).toBe(String(retryAfter));
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // Writes count too, and are refused before they do anything.
    const write = await busy.post('/api/crm/contacts', { firstName: 'Never', lastName: 'Made' });
    expect(write.status).toBe(429);
    expect((await client.get('/api/crm/contacts')).body.items).toHaveLength(0);

    // Another token of the same user has its own count.
    const quiet = await server.client().withToken(tokenB).get('/api/me');
    expect(quiet.status).toBe(200);
    expect(quiet.headers.get('ratelimit-remaining')).toBe(String(LIMIT - 1));

    // The web app's cookie traffic is not counted, however busy.
    for (let i = 0; i < 3 * LIMIT; i++) {
      const res = await client.get('/api/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
    // Neither are public routes called without a token.
    expect((await server.client().get(`/api/public/${portal.slug}/booking/none`)).status).not.toBe(429);
  });

  it('lists 429 RATE_LIMITED with Retry-After in the API document for the routes a token opens', async () => {
    const doc = (await server.client().get('/api/openapi.json')).body;
    const resolve = (res: { $ref?: string }) => (res.$ref ? doc.components.responses[res.$ref.split('/').at(-1)!] : res);
    const tooMany = resolve(doc.paths['/api/me'].get.responses['429']);
    expect(tooMany.content['application/json'].schema.allOf[1].properties.error.properties.code.enum).toEqual(['RATE_LIMITED']);
    expect(tooMany.headers['Retry-After']).toBeDefined();
    expect(doc.paths['/api/crm/contacts'].post.responses['429']).toBeDefined();
    // Public routes without their own limit, and the operator console, are not counted.
    expect(doc.paths['/api/openapi.json']).toBeUndefined();
    expect(doc.paths['/api/auth/password-reset/confirm'].post.responses['429']).toBeUndefined();
    expect(doc.paths['/api/operator/portals'].get.responses['429']).toBeUndefined();
  });

  it('does not count a token that is not valid: that is 401', async () => {
    const res = await server.client().withToken('skit_forged').get('/api/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('ratelimit-limit')).toBeNull();
  });
});

describe('API_RATE_LIMIT settings', () => {
  it('defaults to 600 requests a minute per token', () => {
    const config = loadConfig({});
    expect(config.API_RATE_LIMIT).toBe(600);
    expect(config.API_RATE_WINDOW_SECONDS).toBe(60);
  });

  it('turns the limit off with 0', async () => {
    const server = await startTestServer({ env: { API_RATE_LIMIT: '0' } });
    try {
      const { client } = await signupPortal(server);
      const res = await server
        .client()
        .withToken((await client.post('/api/tokens', { name: 'Unlimited' })).body.token)
        .get('/api/me');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    } finally {
      await server.close();
    }
  });
});
