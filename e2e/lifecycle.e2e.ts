import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launchBrowser, logIn, newPage } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { addUser, signupPortal } from '../src/test/factories.js';
import { choosePlan, saveCard, writePlansFile } from '../src/modules/billing/billing.testkit.js';
import { randomFile, upload } from '../src/modules/drive/drive.testkit.js';

/**
 * The cancel flow (LIF-1) in a browser: from Settings to a confirmed
 * cancellation in at most 3 clicks, with the review showing the impact before
 * the last one. Free here: 3 seats and 10 KB (billing.testkit's catalog).
 */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ env: { TEST_CLOCK: '1', PLANS_FILE: writePlansFile() } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function businessPortal() {
  const p = await signupPortal(server);
  await saveCard(p.client);
  const sub = await choosePlan(p.client, 'business');
  const admin = await addUser(server, p.client, { role: 'admin', name: 'Adam Admin' });
  const members = [];
  for (const name of ['Mia Member', 'Max Member', 'Moe Member']) members.push(await addUser(server, p.client, { name }));
  await upload(p.client, 'contract.pdf', randomFile(6000));
  await upload(p.client, 'photos.zip', randomFile(7000));
  return { ...p, sub, admin, members };
}

describe('cancelling from Settings (LIF-1)', () => {
  it('takes at most 3 clicks, and the review shows what changes before confirming', async () => {
    const p = await businessPortal();
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, p.user.email);
    await page.goto('/app/settings');
    await page.waitForURL('**/app/settings/profile');

    let clicks = 0;
    const click = async (target: Locator) => {
      clicks += 1;
      await target.click();
    };

    // 1. Settings → Billing.
    await click(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: /Billing/ }));
    await page.waitForURL('**/app/settings/billing');
    // 2. Cancel or downgrade.
    await click(page.getByRole('link', { name: 'Cancel or downgrade' }));
    await page.waitForURL('**/app/settings/billing/cancel');

    // The review, before anything is confirmed: features, users over the seats, files over the quota, add-ons, refund.
    const review = page.getByRole('region', { name: 'What changes' });
    await expect
      .poll(() => review.getByTestId('impact-features').textContent())
      .toMatch(/Automations, Telephony, Team booking pages, Auto-scheduling become read-only/);
    await expect.poll(() => review.getByTestId('impact-users').textContent()).toMatch(/2 users over the 3-seat limit will be deactivated/);
    await expect.poll(() => review.getByTestId('impact-files').textContent()).toMatch(/1 file \(7 KB\) over the 10 KB storage quota.*photos\.zip/);
    await expect.poll(() => review.getByTestId('impact-refund').textContent()).toMatch(/Refund: \$0\.00/);
    // One retention offer, beside "Cancel anyway", never in the way.
    const offer = page.getByRole('complementary', { name: 'Pause instead' });
    await expect.poll(() => offer.getByRole('button', { name: 'Pause instead' }).isVisible()).toBe(true);
    expect(await page.getByRole('complementary').count()).toBe(1);

    // 3. Cancel anyway.
    await click(page.getByRole('button', { name: 'Cancel anyway' }));
    const confirmed = page.getByTestId('cancel-confirmed');
    await expect.poll(() => confirmed.isVisible()).toBe(true);
    await expect.poll(() => confirmed.getByTestId('cancel-reference').textContent()).toMatch(/^CXL-[0-9A-F]{8}$/);
    await expect.poll(() => confirmed.getByTestId('paid-until').textContent()).toMatch(/^Paid features active until \S/);
    expect(clicks).toBeLessThanOrEqual(3);

    // The server agrees: the plan stays to the period end, the cancel is scheduled, the next invoice is 0.
    const sub = (await p.client.get('/api/billing/subscription')).body;
    expect(sub).toMatchObject({ planId: 'business', status: 'active', cancelAtPeriodEnd: true, currentPeriodEnd: p.sub.currentPeriodEnd });
    expect((await p.client.get('/api/billing/upcoming-invoice')).body.total).toBe(0);

    // The billing page says so, with the date, and offers to keep the plan.
    await page.goto('/app/settings/billing');
    await expect.poll(() => page.getByTestId('paid-until').textContent()).toMatch(/Paid features active until \S+/);
    await expect.poll(() => page.getByTestId('next-invoice').textContent()).toMatch(/\$0\.00/);
    await page.getByRole('button', { name: 'Keep my plan' }).click();
    await expect.poll(async () => (await p.client.get('/api/billing/subscription')).body.cancelAtPeriodEnd).toBe(false);
    await context.close();
  });

  it('tells a member whom to ask, and an admin that only the owner deletes the portal', async () => {
    const p = await businessPortal();
    const member = p.members[0]!.user;
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, member.email);
    await page.goto('/app/settings/billing/cancel');
    await expect.poll(() => page.getByText(`Ask ${p.user.name} (${p.user.email})`, { exact: false }).first().isVisible()).toBe(true);
    await context.close();

    const second = await newPage(browser, server.url);
    await logIn(second.page, p.portal.slug, p.admin.user.email);
    await second.page.goto('/app/settings/delete-portal');
    await expect.poll(() => second.page.getByText('Only the portal owner can delete the portal').isVisible()).toBe(true);
    await expect.poll(() => second.page.getByRole('link', { name: p.user.email }).isVisible()).toBe(true);
    await second.context.close();
  });
});

describe('deleting the portal (LIF-5)', () => {
  it('offers the export first, asks for the password and the address, and signs everyone out', async () => {
    const p = await businessPortal();
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, p.user.email);
    await page.goto('/app/settings/delete-portal');
    await expect.poll(() => page.getByRole('link', { name: 'Export everything' }).getAttribute('href')).toBe('/app/settings/data');
    const remove = page.getByRole('button', { name: /for good$/ });
    await page.getByLabel('Your password').fill('correct horse battery');
    await page.getByLabel(/Type the portal address/).fill(`${p.portal.slug}-typo`);
    expect(await remove.isDisabled()).toBe(true);
    await page.getByLabel(/Type the portal address/).fill(p.portal.slug);
    await remove.click();
    await page.waitForURL('**/login');
    expect((await p.client.get('/api/me')).status).toBe(401);
    await server.runJobs();
    const receipt = await server.deps.db
      .selectFrom('mail_outbox')
      .select('subject')
      .where('to_address', '=', p.user.email)
      .where('subject', 'like', '%deleted%')
      .execute();
    expect(receipt).toHaveLength(1);
    await context.close();
  });
});
