import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage } from './browser.js';
import { FIRST_LOAD_BUDGET_KB, kB, measureFirstLoad, type FirstLoad } from './firstLoad.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { signupPortal } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const owner = await signupPortal(server);
  cookie = owner.client.cookie!;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const describeLoad = (load: FirstLoad) => load.scripts.map((s) => `${s.path} ${s.encoding || '-'} ${kB(s.transferred)} kB`).join('\n');

describe('first load of /app (issue 16 item 5)', () => {
  it(`downloads at most ${FIRST_LOAD_BUDGET_KB} kB of gzipped JavaScript, every file cached as immutable`, async () => {
    const load = await measureFirstLoad(browser, server.url, cookie, 'gzip');
    expect(load.scripts.length).toBeGreaterThan(0);
    expect(load.total / 1000, describeLoad(load)).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_KB);
    for (const script of load.scripts) {
      expect(script.path).toMatch(/^\/assets\//);
      expect(script.cacheControl, script.path).toBe('public, max-age=31536000, immutable');
      if (script.transferred >= 1024) expect(script.encoding, script.path).toBe('gzip');
    }
  });

  it('loads neither the date pickers, drag and drop nor FullCalendar on the landing page', async () => {
    const load = await measureFirstLoad(browser, server.url, cookie);
    const names = load.scripts.map((s) => s.path).join('\n');
    expect(names).not.toMatch(/dates|dnd|fullcalendar|CalendarPage|DealsPage|TaskBoardPage/i);
    // Chromium accepts brotli: every file worth compressing comes as the build's .br.
    for (const script of load.scripts) if (script.transferred >= 1024) expect(script.encoding, script.path).toBe('br');
  });

  it('serves index.html no-cache and hashed assets pre-compressed and immutable', async () => {
    const html = await fetch(`${server.url}/app`, { headers: { 'accept-encoding': 'br' } });
    expect(html.headers.get('content-encoding')).toBe('br');
    expect(html.headers.get('cache-control')).toBe('no-cache');
    expect(html.headers.get('vary')).toMatch(/accept-encoding/i);
    const entry = (await html.text()).match(/src="(\/assets\/index-[^"]+\.js)"/)?.[1];
    expect(entry).toBeTruthy();
    for (const encoding of ['br', 'gzip']) {
      const asset = await fetch(server.url + entry!, { headers: { 'accept-encoding': encoding } });
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-encoding')).toBe(encoding);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('vary')).toMatch(/accept-encoding/i);
    }
  });

  it('still opens a lazily loaded page (the deal board) after the landing page', async () => {
    const { context, page } = await newPage(browser, server.url);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    await page.goto('/app');
    await page.getByRole('heading', { name: /^Welcome,/ }).waitFor();
    await page.goto('/app/crm/deals');
    await page.getByRole('heading', { name: 'CRM' }).waitFor();
    await context.close();
  });
});
