import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, takeCspViolations } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Content-Security-Policy in a real browser', () => {
  it('serves the built web app without an inline script', async () => {
    const html = await (await fetch(`${server.url}/app`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, attributes, body] of scripts) {
      expect(attributes, tag).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim(), tag).toBe('');
    }
  });

  it('blocks a script injected into the page, and the browser tests notice it', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/login');
    await page.getByLabel('Portal address').waitFor();
    const ran = await page.evaluate(`(() => {
      window.injected = false;
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.body.appendChild(s);
      return window.injected;
    })()`);
    expect(ran).toBe(false);
    // Both reports arrive: the page's securitypolicyviolation event and Chromium's console line.
    const seen: string[] = [];
    await expect
      .poll(
        () =>
          seen.push(...takeCspViolations()) &&
          seen.some((v) => /^script-src-elem blocked inline/.test(v)) &&
          seen.some((v) => /Content Security Policy/.test(v)),
      )
      .toBe(true);
    await context.close();
  });

  it('refuses to be framed by another site', async () => {
    const { context, page } = await newPage(browser, server.url);
    // A page of another origin (about:blank with our content) that frames the log-in page.
    await page.setContent(`<iframe id="victim" src="${server.url}/login" width="600" height="400"></iframe>`);
    const seen: string[] = [];
    await expect.poll(() => seen.push(...takeCspViolations()) && seen.some((v) => /frame-ancestors 'none'/.test(v))).toBe(true);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    expect(await framed?.evaluate('document.querySelector("input") !== null').catch(() => false)).not.toBe(true);
    await context.close();
  });

  it('shows the API docs (swagger-ui) under the same policy', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/api/docs');
    await expect.poll(() => page.getByText('SchedulingKit API').first().isVisible()).toBe(true);
    await expect.poll(() => page.locator('.opblock-summary-path', { hasText: '/api/auth/login' }).first().isVisible()).toBe(true);
    // Expanding an operation renders its schemas and responses (React, inline styles via CSSOM).
    await page.locator('.opblock-summary-path', { hasText: '/api/auth/login' }).first().click();
    await expect.poll(() => page.getByText('RATE_LIMITED').first().isVisible()).toBe(true);
    await context.close();
  });
});
