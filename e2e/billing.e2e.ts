import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { uniqueSlug } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ env: { TEST_CLOCK: '1' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('pricing page (BIL-1)', () => {
  it('shows every plan with its price and limits, monthly and annual', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/pricing');
    const team = page.getByRole('article', { name: 'Team plan' });
    await expect.poll(() => team.getByText('$15.00').first().isVisible()).toBe(true);
    await expect.poll(() => team.getByText('Up to 25 users').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('article', { name: 'Free plan' }).getByText('5 GB storage').isVisible()).toBe(true);
    await page.getByText('Annual', { exact: true }).click();
    await expect.poll(() => team.getByText('$150.00').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/per started minute/).isVisible()).toBe(true);
    await context.close();
  });
});

describe('upgrading with a test card (BIL-2, BIL-3)', () => {
  it('saves the card, shows the exact amount, confirms, and lists the paid invoice', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/signup');
    await page.getByLabel('Portal name').fill('Billing Co');
    await page.getByLabel('Portal address').fill(uniqueSlug('bill'));
    await page.getByLabel('Your name').fill('Olivia Owner');
    await page.getByLabel('Email').fill('olivia@billing.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/app');

    // Settings → Billing.
    await page.goto('/app/settings/profile');
    await page
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: /Billing/ })
      .click();
    await page.waitForURL('**/app/settings/billing');
    await expect.poll(() => page.getByTestId('current-plan').textContent()).toBe('Free');

    // A declined card is refused beside the field, and nothing is saved.
    await page.getByLabel('Card number').fill('4000000000000002');
    await page.getByLabel('Expiry month').fill('12');
    await page.getByLabel('Expiry year').fill('2099');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Save card' }).click();
    await expect
      .poll(() =>
        page
          .getByText(/card was declined/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await expect.poll(() => page.getByTestId('card-on-file').textContent()).toBe('No card on file.');

    await page.getByLabel('Card number').fill('4242424242424242');
    await page.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => page.getByTestId('card-on-file').textContent()).toMatch(/visa ending in 4242/);

    // Choose Team, see the amount before confirming.
    await page.getByRole('button', { name: 'Choose Team' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('charge-now').textContent()).toBe('$15.00');
    await expect.poll(() => dialog.getByText(/no refund for the unused part/).isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    // The plan is active and the invoice is listed.
    await expect.poll(() => page.getByTestId('current-plan').textContent()).toBe('Team');
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Active');
    const invoices = page.getByRole('region', { name: 'Invoices' });
    await expect.poll(() => invoices.getByRole('link', { name: /^SK-\d{6}$/ }).count()).toBe(1);
    await expect.poll(() => invoices.getByText('$15.00').isVisible()).toBe(true);
    await expect.poll(() => invoices.getByText('Paid').isVisible()).toBe(true);

    // The printable invoice.
    await invoices.getByRole('link', { name: /^SK-\d{6}$/ }).click();
    await page.waitForURL('**/app/settings/billing/invoices/*');
    await expect.poll(() => page.getByText('Team plan (monthly)').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Print' }).isVisible()).toBe(true);
    await context.close();
  });
});
