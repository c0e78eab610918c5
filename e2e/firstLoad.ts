import type { Browser } from 'playwright-core';

/** The first-load budget of issue 16 (item 5): JavaScript of the first visit to /app, gzip. */
export const FIRST_LOAD_BUDGET_KB = 250;

export interface LoadedScript {
  path: string;
  /** Content-Encoding as served (br, gzip, or '' for none). */
  encoding: string;
  /** Body bytes on the wire (still encoded). */
  transferred: number;
  cacheControl: string;
}

export interface FirstLoad {
  scripts: LoadedScript[];
  /** Sum of the scripts' transferred bytes. */
  total: number;
}

/**
 * Opens /app in a fresh browser profile (empty cache) that already holds a session
 * cookie, waits until the landing page is up and the network idle, and returns
 * every JavaScript file it fetched with the bytes that crossed the wire.
 * `acceptEncoding` replaces the browser's own header (e.g. 'gzip', 'identity').
 */
export async function measureFirstLoad(browser: Browser, baseURL: string, sessionCookie: string, acceptEncoding?: string): Promise<FirstLoad> {
  const [name, value] = sessionCookie.split('=') as [string, string];
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
    ...(acceptEncoding ? { extraHTTPHeaders: { 'accept-encoding': acceptEncoding } } : {}),
  });
  try {
    await context.addCookies([{ name, value, url: baseURL }]);
    const page = await context.newPage();
    const pending: Promise<LoadedScript | null>[] = [];
    page.on('requestfinished', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.endsWith('.js') && request.resourceType() !== 'script') return;
      pending.push(
        (async () => {
          const response = await request.response();
          if (!response) return null;
          const sizes = await request.sizes();
          const headers = await response.allHeaders();
          return {
            path: url.pathname,
            encoding: headers['content-encoding'] ?? '',
            transferred: sizes.responseBodySize,
            cacheControl: headers['cache-control'] ?? '',
          };
        })(),
      );
    });
    await page.goto('/app', { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: /^Welcome,/ }).waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    const scripts = (await Promise.all(pending)).filter((s): s is LoadedScript => s !== null);
    return { scripts, total: scripts.reduce((sum, s) => sum + s.transferred, 0) };
  } finally {
    await context.close();
  }
}

export const kB = (bytes: number) => (bytes / 1000).toFixed(1);
