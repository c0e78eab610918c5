import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEncoded } from '../test/raw.js';
import { installCompression } from './compression.js';
import { installSecurityHeaders } from './security.js';
import { CACHE, cacheControlFor, installWebApp } from './static.js';

const INDEX = `<!doctype html><html><head><script type="module" src="/assets/index-AbC123xy.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(100)}</body></html>`;
const SCRIPT = `export const greeting = ${JSON.stringify('hello world '.repeat(500))};\n`;

/** A web build as Vite and its pre-compression plugin leave it: each file with its .br and .gz. */
function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skit-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  const write = (name: string, content: string, compressed = true) => {
    fs.writeFileSync(path.join(dir, name), content);
    if (!compressed) return;
    fs.writeFileSync(path.join(dir, `${name}.br`), zlib.brotliCompressSync(content));
    fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(content));
  };
  write('index.html', INDEX);
  write('assets/index-AbC123xy.js', SCRIPT);
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', false);
  return dir;
}

let app: FastifyInstance;
let baseUrl: string;
let dist: string;

beforeAll(async () => {
  dist = fakeBuild();
  app = Fastify();
  await installSecurityHeaders(app, { BASE_URL: 'http://127.0.0.1' });
  await installCompression(app);
  await installWebApp(app, dist);
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app?.close();
  if (dist) fs.rmSync(dist, { recursive: true, force: true });
});

describe('the web app files (issue 16 item 5)', () => {
  it('sends a hashed asset pre-compressed with brotli, cached for a year as immutable', async () => {
    const res = await getEncoded(baseUrl, '/assets/index-AbC123xy.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.raw.equals(fs.readFileSync(path.join(dist, 'assets/index-AbC123xy.js.br')))).toBe(true);
    expect(zlib.brotliDecompressSync(res.raw).toString('utf8')).toBe(SCRIPT);
  });

  it('sends the gzip file to a client without brotli, and the plain file to one without either', async () => {
    const gz = await getEncoded(baseUrl, '/assets/index-AbC123xy.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.raw).toString('utf8')).toBe(SCRIPT);
    expect(gz.headers['cache-control']).toBe(CACHE.hashed);
    const plain = await getEncoded(baseUrl, '/assets/index-AbC123xy.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.raw.toString('utf8')).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe(CACHE.hashed);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
  });

  it.each(['/index.html', '/app', '/app/crm/contacts', '/login'])('sends index.html pre-compressed and no-cache on %s', async (urlPath) => {
    const res = await getEncoded(baseUrl, urlPath, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(res.raw).toString('utf8')).toBe(INDEX);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('answers HEAD on an app page as GET would, without a body', async () => {
    const res = await fetch(`${baseUrl}/app/crm/contacts`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe('');
  });

  it('caches an unhashed file briefly', async () => {
    const res = await getEncoded(baseUrl, '/favicon.svg', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('still answers an unknown API path with our 404 JSON', async () => {
    const res = await getEncoded(baseUrl, '/api/nothing-here', { 'accept-encoding': 'br' });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.raw.toString('utf8')).error.code).toBe('NOT_FOUND');
  });
});

describe('cache policy by file name', () => {
  it.each([
    ['/srv/web/dist/assets/index-BMDdyEil.js', CACHE.hashed],
    ['/srv/web/dist/assets/index-BMDdyEil.js.br', CACHE.hashed],
    ['/srv/web/dist/assets/mantine-BXCQ3nYP.css.gz', CACHE.hashed],
    ['/srv/web/dist/assets/use-uncontrolled-BOj3lugA.js', CACHE.hashed],
    ['/srv/web/dist/index.html', CACHE.html],
    ['/srv/web/dist/index.html.br', CACHE.html],
    ['/srv/web/dist/favicon.svg', CACHE.other],
  ])('%s → %s', (file, expected) => expect(cacheControlFor(file)).toBe(expected));
});
