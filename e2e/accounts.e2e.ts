import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { linkFromOutbox, uniqueSlug } from '../src/test/factories.js';

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

describe('sign-up → invite → accept → log in as member', () => {
  it('works end to end in a real browser', async () => {
    const slug = uniqueSlug('acme');
    const owner = await newPage(browser, server.url);
    const page = owner.page;

    // 1. A company signs up and lands in its workspace.
    await page.goto('/signup');
    await page.getByLabel('Portal name').fill('Acme Inc.');
    await page.getByLabel('Portal address').fill(slug);
    await page.getByLabel('Your name').fill('Olivia Owner');
    await page.getByLabel('Email').fill('olivia@acme.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/app');
    await expect.poll(() => page.getByText('Acme Inc.').first().isVisible()).toBe(true);

    // 2. The owner invites a colleague from Settings → Users.
    await page.goto('/app/settings/users');
    await page
      .getByRole('button', { name: /^Invite/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill('mia@acme.test');
    await dialog.getByRole('button', { name: 'Send invite' }).click();
    await expect.poll(() => page.getByText('mia@acme.test').first().isVisible()).toBe(true);

    // The mail is in the outbox (no SMTP configured), visible to the admin.
    await server.runJobs();
    await page.goto('/app/settings/outbox');
    await expect.poll(() => page.getByText('Olivia Owner invited you to Acme Inc.').first().isVisible()).toBe(true);
    const link = await linkFromOutbox(server, 'mia@acme.test', 'invite');

    // 3. The colleague opens the link on her own machine and joins.
    const mia = await newPage(browser, server.url);
    await mia.page.goto(link);
    await expect.poll(() => mia.page.getByText('Acme Inc.').first().isVisible()).toBe(true);
    await mia.page.getByLabel('Your name').fill('Mia Member');
    await mia.page.getByLabel('Password').fill('another good password');
    await mia.page.getByRole('button', { name: 'Join' }).click();
    await mia.page.waitForURL('**/app');

    // 4. She logs out and in again as a member.
    await mia.page.getByRole('button', { name: /Account menu/ }).click();
    await mia.page.getByRole('button', { name: 'Log out' }).click();
    await mia.page.waitForURL('**/login**');
    await mia.page.getByLabel('Portal address').fill(slug);
    await mia.page.getByLabel('Email').fill('mia@acme.test');
    await mia.page.getByLabel('Password').fill('another good password');
    await mia.page.getByRole('button', { name: 'Log in' }).click();
    await mia.page.waitForURL('**/app');
    const me = await mia.page.evaluate(() => fetch('/api/me').then((r) => r.json()));
    expect(me.role).toBe('member');
    expect(me.user.name).toBe('Mia Member');

    // A member who opens an admin page is told whom to ask.
    await mia.page.goto('/app/settings/audit');
    await expect
      .poll(() =>
        mia.page
          .getByText(/Ask Olivia Owner \(olivia@acme\.test\)/)
          .first()
          .isVisible(),
      )
      .toBe(true);

    // The owner sees the new member in the users list.
    await page.goto('/app/settings/users');
    await expect.poll(() => page.getByText('Mia Member').first().isVisible()).toBe(true);
    await owner.context.close();
    await mia.context.close();
  });

  it('shows field errors beside the field for a taken portal address', async () => {
    const slug = uniqueSlug('taken');
    await server.client().post('/api/auth/signup', { portalSlug: slug, portalName: 'First', name: 'F', email: 'f@f.test', password: 'correct horse battery' });
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/signup');
    await page.getByLabel('Portal name').fill('Second');
    await page.getByLabel('Portal address').fill(slug);
    await page.getByLabel('Your name').fill('S');
    await page.getByLabel('Email').fill('s@s.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect.poll(() => page.getByText(/taken/i).first().isVisible()).toBe(true);
    expect(page.url()).toContain('/signup');
    await context.close();
  });
});
