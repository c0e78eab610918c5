import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { logIn as login, newPage, startServerAndBrowser, stopServerAndBrowser } from './browser.js';
import type { TestServer } from '../src/test/harness.js';
import { signupPortal } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('CRM in the browser', () => {
  it('drags Big deal from New to Qualified, converts a lead, adds a contact with two phones', async () => {
    const p = await signupPortal(server);
    await p.client.post('/api/crm/deals', { title: 'Big deal', amount: 500000, currency: 'EUR' });
    await p.client.post('/api/crm/deals', { title: 'Other deal', amount: 100, currency: 'USD' });
    const lead = (await p.client.post('/api/crm/leads', { title: 'Hot lead', name: 'Lena Lead', companyName: 'Lead GmbH', amount: 1000, currency: 'EUR' }))
      .body;
    const { page } = await newPage(browser, server.url);
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
    await login(page, p.portal.slug, `owner@${p.portal.slug}.test`);

    await page.goto('/app/crm/deals');
    const card = page.getByTestId('stage-New').getByTestId('deal-card').filter({ hasText: 'Big deal' });
    await card.waitFor();
    const target = page.getByTestId('stage-Qualified');
    const from = (await card.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('stage-Qualified').getByText('Big deal').isVisible()).toBe(true);
    await expect.poll(async () => (await p.client.get('/api/crm/deals?q=big')).body.items[0].status).toBe('open');
    const sales = (await p.client.get('/api/crm/pipelines')).body.items[0];
    await expect.poll(async () => (await p.client.get('/api/crm/deals?q=big')).body.items[0].stageId).toBe(sales.stages[1].id);
    await expect.poll(() => page.getByTestId('stage-Qualified').getByTestId('stage-total').textContent()).toContain('5,000');

    // Convert the lead with a deal, land on the contact.
    await page.goto(`/app/crm/leads/${lead.id}`);
    await page.getByRole('button', { name: 'Convert' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Convert' }).click();
    await page.waitForURL('**/app/crm/contacts/**');
    await expect.poll(() => page.getByRole('heading', { name: 'Lena Lead' }).isVisible()).toBe(true);
    // Add a note on the contact's timeline.
    await page.getByLabel('Note').fill('Called back, all good.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByText('Called back, all good.').isVisible()).toBe(true);

    // New contact with two phones of different types.
    await page.goto('/app/crm/contacts');
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog');
    // Every text field stops at the server's limit (the first name takes 120 characters).
    await expect.poll(() => dialog.getByLabel('First name').getAttribute('maxlength')).toBe('120');
    for (const box of await dialog.getByRole('textbox').all())
      expect(await box.getAttribute('maxlength'), (await box.getAttribute('aria-label')) ?? (await box.getAttribute('id')) ?? '').toMatch(/^\d+$/);
    await dialog.getByLabel('First name').fill('Jörg');
    await dialog.getByLabel('Last name').fill('Müller');
    await dialog.getByLabel('Phone 1', { exact: true }).fill('+49 30 1234567');
    await dialog.getByRole('button', { name: 'Add phone' }).click();
    await dialog.getByLabel('Phone 2', { exact: true }).fill('+49 171 555');
    await dialog.getByLabel('Phone 2 type').click();
    await page.getByRole('option', { name: 'Mobile' }).click();
    await dialog.getByRole('button', { name: 'Create contact' }).click();
    await page.waitForURL(/\/app\/crm\/contacts\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByText('Mobile').isVisible()).toBe(true);
    // Nobody was chosen as owner: the contact is the creating user's.
    const contactId = new URL(page.url()).pathname.split('/').pop();
    expect((await p.client.get(`/api/crm/contacts/${contactId}`)).body.ownerId).toBe(p.user.id);
    await page.goto('/app/crm/contacts');
    await page.getByLabel('Search name, email or phone').fill('muller');
    await expect.poll(() => page.getByRole('link', { name: 'Jörg Müller' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'Lena Lead' }).isVisible()).toBe(false);
    // Validation error beside the field
    await page.getByRole('button', { name: 'New contact' }).click();
    await page.getByRole('dialog').getByLabel('Email 1', { exact: true }).fill('not-an-email');
    await page.getByRole('dialog').getByLabel('First name').fill('X');
    await page.getByRole('dialog').getByRole('button', { name: 'Create contact' }).click();
    await expect.poll(() => page.getByRole('dialog').getByText('must be an email address').isVisible()).toBe(true);
  });
  it("flags an open deal's expected close date once it has passed, and not a won deal's", async () => {
    const p = await signupPortal(server);
    const pipelines = (await p.client.get('/api/crm/pipelines')).body.items as { isDefault: boolean; stages: { id: string; kind: string }[] }[];
    const won = pipelines.find((x) => x.isDefault)!.stages.find((st) => st.kind === 'won')!;
    const late = (await p.client.post('/api/crm/deals', { title: 'Late deal', amount: 100, currency: 'EUR', expectedCloseDate: '2020-03-02' })).body;
    await p.client.post('/api/crm/deals', { title: 'Closed deal', amount: 100, currency: 'EUR', expectedCloseDate: '2020-03-02', stageId: won.id });
    const { context, page } = await newPage(browser, server.url);
    await login(page, p.portal.slug, `owner@${p.portal.slug}.test`);
    await page.goto(`/app/crm/deals/${late.id}`);
    await expect.poll(() => page.locator('[data-overdue="true"]').count()).toBe(1);
    await page.goto('/app/crm/deals');
    await page.getByText('Closed deal').first().waitFor();
    // One flag on the board or list: the open deal's; the won deal's date is history.
    await expect.poll(() => page.locator('[data-overdue="true"]').count()).toBe(1);
    await context.close();
  });
});
