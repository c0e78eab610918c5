import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, newPage } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { signupPortal } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  // Jobs poll in the background, as in production: rules run without the test pushing them.
  server = await startTestServer({ jobs: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('automations in the browser (AUT-1)', () => {
  it('builds "when a deal reaches Negotiation worth more than 1,000 EUR, create a task to send the contract" and sees the task after moving a deal', async () => {
    const p = await signupPortal(server);
    // The built-in Team plan includes automations.
    expect((await p.client.post('/api/billing/payment-method', { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' })).status).toBe(200);
    expect((await p.client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' })).status).toBe(200);
    const big = (await p.client.post('/api/crm/deals', { title: 'Forty chairs', amount: 250000, currency: 'EUR' })).body;
    const small = (await p.client.post('/api/crm/deals', { title: 'Two stools', amount: 50000, currency: 'EUR' })).body;

    const { page } = await newPage(browser, server.url);
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    await logIn(page, p.portal.slug, p.user.email);
    await page.goto('/app/automations');
    await expect.poll(() => page.getByText('No automations yet').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'New rule' }).first().click();
    await page.waitForURL('**/app/automations/new');

    // When → If → Then, reading the rule back in plain words as it grows.
    await page.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => page.getByText('Give the rule a name').isVisible()).toBe(true);
    await page.getByLabel('Rule name').fill('Contract for big deals');
    await pick(page, 'Trigger', 'A deal moves to a stage');
    await pick(page, 'Stage', 'Negotiation');
    const description = page.getByTestId('rule-description');
    await expect.poll(() => description.textContent()).toBe('When a deal moves to Negotiation: create a task “…”.');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await pick(page, 'Condition 1 field', 'amount');
    await pick(page, 'Condition 1 operator', 'is more than');
    await page.getByLabel('Condition 1 value').fill('1000');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await pick(page, 'Condition 2 field', 'currency');
    await page.getByLabel('Condition 2 value').fill('EUR');
    await page.getByLabel('Due in (days)').fill('2');
    // A mistyped placeholder is refused by the server, beside the field.
    await page.getByLabel('Task title').fill('Send the contract for {{deal.titel}}');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => page.getByText('{{deal.titel}}: "titel" is not a field of a deal').isVisible()).toBe(true);
    await page.getByLabel('Task title').fill('Send the contract for {{deal.title}}');
    await expect
      .poll(() => description.textContent())
      .toBe('When a deal moves to Negotiation and amount > 1,000 EUR: create a task “Send the contract for {{deal.title}}” due in 2 days.');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.waitForURL(/\/app\/automations\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Contract for big deals' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Active', { exact: true }).isVisible()).toBe(true);

    // Move both deals to Negotiation on their pages.
    for (const deal of [big, small]) {
      await page.goto(`/app/crm/deals/${deal.id}`);
      await pick(page, 'Stage', 'Negotiation');
      await expect.poll(() => page.getByText(/→ Negotiation/).isVisible()).toBe(true);
    }

    // The task appears for the big deal only (the job runner picks the events up within a second or two).
    const contractTasks = async () => (await p.client.get('/api/tasks?q=contract')).body.items.map((t: { title: string }) => t.title);
    await expect.poll(contractTasks, { timeout: 20_000 }).toEqual(['Send the contract for Forty chairs']);
    await page.goto('/app/tasks');
    await expect.poll(() => page.getByRole('link', { name: 'Send the contract for Forty chairs' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Send the contract for Two stools' }).count()).toBe(0);

    // The run log says what happened, and why the small deal was skipped.
    await page.goto('/app/automations');
    await page.getByRole('link', { name: 'Contract for big deals' }).click();
    await page.getByRole('tab', { name: 'Run log' }).click();
    const log = page.getByRole('list', { name: 'Run log' });
    await expect.poll(() => log.getByText('Deal “Forty chairs” moved to Negotiation').isVisible()).toBe(true);
    await expect.poll(() => log.getByText('Created task "Send the contract for Forty chairs"', { exact: false }).isVisible()).toBe(true);
    await expect.poll(() => log.getByText(/Conditions not met: deal amount \(500\.00 EUR\)/).isVisible()).toBe(true);

    // Disable it from the list.
    await page.goto('/app/automations');
    await page.getByRole('switch', { name: 'Enable Contract for big deals' }).click({ force: true });
    await expect.poll(() => page.getByText('Disabled', { exact: true }).isVisible()).toBe(true);
    await expect.poll(async () => (await p.client.get('/api/automations')).body.items[0].enabled).toBe(false);
  });
});
