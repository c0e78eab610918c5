import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Files whose name carries a content hash (Vite's `assets/name-HASH.ext`): their URL changes whenever their content does. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/;

/** Cache policy of the web app's files (ADR 0019). */
export const CACHE = {
  /** Hashed files never change under their URL: cached for a year, never revalidated. */
  hashed: 'public, max-age=31536000, immutable',
  /** index.html names the current hashed files: always revalidated, so a new release shows at once. */
  html: 'no-cache',
  /** Anything else (favicon.svg…): briefly. */
  other: 'public, max-age=3600',
} as const;

export function cacheControlFor(filePath: string): string {
  if (/\.html(\.(br|gz))?$/.test(filePath)) return CACHE.html;
  if (HASHED_ASSET.test(filePath)) return CACHE.hashed;
  return CACHE.other;
}

/**
 * Serves the built React app. Any GET that is not an API route and not a file
 * gets index.html, so that client-side routes (/app/crm, /invite/…) load.
 * Files are sent pre-compressed (the .br and .gz the build writes next to each
 * one) by the request's Accept-Encoding, with Vary: Accept-Encoding.
 */
export async function installWebApp(app: FastifyInstance, distDir = WEB_DIST): Promise<void> {
  const index = path.join(distDir, 'index.html');
  const hasBuild = fs.existsSync(index);
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => reply.header('cache-control', cacheControlFor(filePath)),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    // HEAD too: uptime checks and link previews ask it of app pages.
    if ((request.method !== 'GET' && request.method !== 'HEAD') || url.startsWith('/api/') || url === '/api') {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${url}` } });
    }
    if (!hasBuild) {
      return reply.status(503).type('text/plain').send('The web app is not built. Run `npm run build:web` (npm start does it for you).');
    }
    // Pre-compressed and no-cache, like /index.html itself (setHeaders above).
    return reply.sendFile('index.html');
  });
}
