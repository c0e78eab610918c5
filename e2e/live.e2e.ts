import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { logIn, newPage, startServerAndBrowser, stopServerAndBrowser } from './browser.js';
import type { TestServer } from '../src/test/harness.js';
import { addUser, signupPortal } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

describe('live updates in the browser (PLT-11)', () => {
  // One test for the whole story (two browser contexts, no reload): a second one would only pay for another sign-in.
  it('two colleagues on the board: A moves a deal and gives it to B; B sees it move within 2 s and the bell count rise, then opens the deal from the notification', async () => {
    const p = await signupPortal(server);
    const b = await addUser(server, p.client, { name: 'Bea Board' });
    const deal = await p.client.post('/api/crm/deals', { title: 'Handover deal', amount: 2500, currency: 'EUR' });
    expect(deal.status, deal.text).toBe(201);
    const sales = (await p.client.get('/api/crm/pipelines')).body.items[0];

    const a = await newPage(browser, server.url);
    const watcher = await newPage(browser, server.url);
    await logIn(a.page, p.portal.slug, `owner@${p.portal.slug}.test`);
    await logIn(watcher.page, p.portal.slug, b.user.email);
    await Promise.all([a.page.goto('/app/crm/deals'), watcher.page.goto('/app/crm/deals')]);
    await watcher.page.getByTestId('stage-New').getByText('Handover deal').waitFor();
    const bell = watcher.page.getByRole('button', { name: /^Notifications/ });
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
    await watcher.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // A drags the card to the next stage on their board, then gives the deal to B (A's own session).
    const card = a.page.getByTestId('stage-New').getByTestId('deal-card').filter({ hasText: 'Handover deal' });
    await card.waitFor();
    const from = (await card.boundingBox())!;
    const to = (await a.page.getByTestId('stage-Qualified').boundingBox())!;
    await a.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await a.page.mouse.down();
    await a.page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 5 });
    await a.page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
    await a.page.mouse.up();
    await expect.poll(async () => (await p.client.get(`/api/crm/deals/${deal.body.id}`)).body.stageId, { interval: 25 }).toBe(sales.stages[1].id);
    const movedAt = Date.now();
    await expect.poll(() => watcher.page.getByTestId('stage-Qualified').getByText('Handover deal').isVisible(), { timeout: 2000, interval: 25 }).toBe(true);
    expect(Date.now() - movedAt).toBeLessThan(2000);
    expect(await watcher.page.getByTestId('stage-New').getByText('Handover deal').isVisible()).toBe(false);

    const assigned = await p.client.patch(`/api/crm/deals/${deal.body.id}`, { ownerId: b.user.id });
    expect(assigned.status, assigned.text).toBe(200);
    const assignedAt = Date.now();
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 2000, interval: 25 }).toBe('Notifications, 1 unread');
    expect(Date.now() - assignedAt).toBeLessThan(2000);
    expect(await watcher.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // B opens the notification from the bell and lands on the deal.
    await bell.click();
    await watcher.page
      .getByRole('dialog', { name: 'Notifications' })
      .getByRole('button', { name: /Unread: .*Handover deal/ })
      .click();
    await watcher.page.waitForURL(`**/app/crm/deals/${deal.body.id}`);
    await expect.poll(() => watcher.page.getByText('Handover deal').first().isVisible()).toBe(true);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
  });
});
