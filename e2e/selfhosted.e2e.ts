import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { addUser, PASSWORD, uniqueSlug } from '../src/test/factories.js';
import { TestClient } from '../src/test/client.js';

/** Self-hosted (BILLING=off, SIGNUP=closed, LIF-6) in a real browser: claim the install, 50 users, no billing anywhere. */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ env: { BILLING: 'off', SIGNUP: 'closed' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a self-hosted install', () => {
  it('is claimed by the first sign-up, has 50 users and no limits, and shows no billing', async () => {
    const slug = uniqueSlug('self');
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/signup');
    await page.getByLabel('Portal name').fill('Our Own Co');
    await page.getByLabel('Portal address').fill(slug);
    await page.getByLabel('Your name').fill('Olivia Owner');
    await page.getByLabel('Email').fill('olivia@own.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/app');

    // 49 colleagues join (through the API, to keep the test short), then one more through the page.
    const owner = new TestClient(server.url);
    expect((await owner.post('/api/auth/login', { portalSlug: slug, email: 'olivia@own.test', password: PASSWORD })).status).toBe(200);
    for (let i = 0; i < 49; i++) await addUser(server, owner);
    await page.goto('/app/settings/users');
    const users = page.getByRole('region', { name: 'Users' });
    await expect.poll(() => users.getByRole('row').count(), { timeout: 15_000 }).toBe(51); // header + 50
    await page
      .getByRole('button', { name: /^Invite/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('number51@own.test');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await expect.poll(() => page.getByText('number51@own.test').first().isVisible()).toBe(true);

    // No billing: no Billing tab, the page explains why, no pricing page.
    const tabs = page.getByRole('navigation', { name: 'Settings' });
    await expect.poll(() => tabs.getByRole('link', { name: /Data/ }).isVisible()).toBe(true);
    expect(await tabs.getByRole('link', { name: /Billing/ }).count()).toBe(0);
    await page.goto('/app/settings/billing');
    await expect.poll(() => page.getByText('No billing on this server').isVisible()).toBe(true);
    await page.goto('/pricing');
    await page.waitForURL((url) => !url.pathname.startsWith('/pricing'));
    await context.close();
  }, 180_000);

  it('refuses further sign-ups: only the operator creates portals', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/signup');
    await expect.poll(() => page.getByRole('heading', { name: 'Sign-up is closed' }).isVisible()).toBe(true);
    // The page decides on the link from /api/instance: assert once that answer has arrived and rendered.
    const instanceAnswer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/instance');
    await page.goto('/login');
    await instanceAnswer;
    await expect.poll(() => page.getByRole('button', { name: 'Log in' }).isVisible()).toBe(true);
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('link', { name: 'Create a workspace' }).count()).toBe(0);
    await context.close();
  });
});
