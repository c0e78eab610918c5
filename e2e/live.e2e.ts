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
  it('shows a deal moved by a colleague on the other board within 2 seconds, without a reload', async () => {
    const p = await signupPortal(server);
    const colleague = await addUser(server, p.client, { name: 'Cole League' });
    await p.client.post('/api/crm/deals', { title: 'Shared deal', amount: 1000, currency: 'EUR' });
    const sales = (await p.client.get('/api/crm/pipelines')).body.items[0];

    const mover = await newPage(browser, server.url);
    const watcher = await newPage(browser, server.url);
    await logIn(mover.page, p.portal.slug, `owner@${p.portal.slug}.test`);
    await logIn(watcher.page, p.portal.slug, colleague.user.email);
    await Promise.all([mover.page.goto('/app/crm/deals'), watcher.page.goto('/app/crm/deals')]);
    await watcher.page.getByTestId('stage-New').getByText('Shared deal').waitFor();
    // Set on this very document: still there afterwards means the page was not reloaded.
    await watcher.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const card = mover.page.getByTestId('stage-New').getByTestId('deal-card').filter({ hasText: 'Shared deal' });
    await card.waitFor();
    const from = (await card.boundingBox())!;
    const to = (await mover.page.getByTestId('stage-Qualified').boundingBox())!;
    await mover.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await mover.page.mouse.down();
    await mover.page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 5 });
    await mover.page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
    await mover.page.mouse.up();
    await expect.poll(async () => (await p.client.get('/api/crm/deals?q=shared')).body.items[0].stageId, { interval: 25 }).toBe(sales.stages[1].id);

    const movedAt = Date.now();
    await expect.poll(() => watcher.page.getByTestId('stage-Qualified').getByText('Shared deal').isVisible(), { timeout: 2000, interval: 25 }).toBe(true);
    expect(Date.now() - movedAt).toBeLessThan(2000);
    expect(await watcher.page.getByTestId('stage-New').getByText('Shared deal').isVisible()).toBe(false);
    expect(await watcher.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });
});
