import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, newPage, stopServerAndBrowser } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { signupPortal } from '../src/test/factories.js';
import { eventIcs, skipWithoutRadicale, startRadicale } from '../src/test/radicale.js';

// A real CalDAV server (Debian's radicale) on loopback: connections reach loopback only when the operator allows it.
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ env: { WEBHOOK_ALLOW_LOOPBACK: '1' } });
  browser = await launchBrowser();
});
afterAll(() => stopServerAndBrowser(server, browser));

async function openSettings(page: Page, section: string): Promise<void> {
  await page.goto('/app/settings');
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section }).click();
  await page.getByRole('heading', { name: section, level: 2 }).waitFor();
}

describe.skipIf(skipWithoutRadicale)('a CalDAV account in the browser (Debian radicale)', () => {
  it('tests and connects a Radicale account, then chooses the busy calendars and the write-back calendar', async () => {
    const radicale = await startRadicale({ alice: 'alice-app-password' });
    try {
      await radicale.mkcalendar('alice', 'work', { name: 'Work', color: '#fa5252' });
      await radicale.mkcalendar('alice', 'birthdays', { name: 'Birthdays' });
      const start = new Date(Date.now() + 2 * 3_600_000);
      expect(await radicale.put('alice', 'work', 'board.ics', eventIcs('board-1@radicale.test', 'Board meeting', start))).toBe(201);

      const p = await signupPortal(server);
      const { context, page } = await newPage(browser, server.url);
      await logIn(page, p.portal.slug, `owner@${p.portal.slug}.test`);
      await openSettings(page, 'Calendars');
      await page.getByRole('button', { name: 'Connect a calendar' }).first().click();
      const connect = page.getByRole('dialog', { name: 'Connect a calendar' });
      await connect.getByLabel('Server URL').fill(`${radicale.url}/`);
      await connect.getByLabel('User name').fill('alice');
      await connect.getByLabel('App password').fill('alice-app-password');
      await connect.getByLabel('Name', { exact: true }).fill('Radicale');
      await connect.getByRole('button', { name: 'Test' }).click();
      await expect.poll(() => connect.getByRole('status').textContent()).toBe('Reachable: found 2 calendars.');
      await connect.getByRole('button', { name: 'Connect' }).click();

      const choose = page.getByRole('dialog', { name: 'Calendars of “Radicale”' });
      await choose.getByLabel('Work counts as busy').check();
      await choose.getByLabel('Birthdays counts as busy').uncheck();
      await choose.getByLabel('Write bookings to Work').check();
      await choose.getByRole('button', { name: 'Save choices' }).click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

      const [connection] = (await p.client.get('/api/calendar-connections')).body.items;
      expect(connection).toMatchObject({ kind: 'caldav', name: 'Radicale', username: 'alice' });
      expect(connection).not.toHaveProperty('password');
      const byName = Object.fromEntries(connection.calendars.map((c: { name: string }) => [c.name, c]));
      expect(byName.Work).toMatchObject({ busy: true, writeBack: true });
      expect(byName.Birthdays).toMatchObject({ busy: false, writeBack: false });

      const card = page.getByRole('article', { name: 'Radicale' });
      await expect.poll(() => card.textContent()).toContain('1 of 2 calendars count as busy · bookings written to “Work”');
      await card.getByRole('button', { name: 'Sync Radicale now' }).click();
      await expect.poll(() => card.getByTestId('connection-status').textContent()).toBe('OK');
      await expect.poll(() => card.getByTestId('connection-event-count').textContent()).toBe('1 event');
      await context.close();
    } finally {
      await radicale.stop();
    }
  });
});
