import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { logIn, startServerAndBrowser, stopServerAndBrowser } from './browser.js';
import type { TestServer } from '../src/test/harness.js';
import { portalWithTeam } from '../src/test/factories.js';

/** Notifications in the browser (PLT-10): the bell, the inbox, the settings; on a 360 px wide phone screen. */

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const bell = (page: Page) => page.getByRole('button', { name: /^Notifications/ });

describe('notifications', () => {
  it('user B assigns a task to A: A sees the count and the item, opens it, the count goes down; inbox filters; settings persist', async () => {
    const team = await portalWithTeam(server);
    const a = team.memberUser;
    const first = await team.admin.post('/api/tasks', { title: 'Review the contract', assigneeId: a.id });
    expect(first.status, first.text).toBe(201);

    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await logIn(page, team.portal.slug, a.email);
    await expect.poll(() => bell(page).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await expect.poll(() => page.getByTestId('unread-announcement').textContent()).toBe('1 unread notification');
    // The page fits the phone: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The bell's list: open the item, land on the task, the count goes down.
    await bell(page).click();
    const popover = page.getByRole('dialog', { name: 'Notifications' });
    await popover.getByRole('button', { name: /Unread: .*Review the contract/ }).click();
    await page.waitForURL(`**/app/tasks/${first.body.id}`);
    await expect.poll(() => page.getByText('Review the contract').first().isVisible()).toBe(true);
    await expect.poll(() => bell(page).getAttribute('aria-label')).toBe('Notifications');

    // A second one arrives; the inbox shows both, "Unread only" just the new one, which A marks read.
    const second = await team.admin.post('/api/tasks', { title: 'Call the printer', assigneeId: a.id });
    expect(second.status, second.text).toBe(201);
    await page.goto('/app/notifications');
    const list = page.getByRole('list', { name: 'Notifications' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    await expect.poll(() => bell(page).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    // The filter lives in the address (?unread=1), so the switch turns on once the URL has changed.
    await page.getByLabel('Unread only').click();
    await expect.poll(() => page.getByLabel('Unread only').isChecked()).toBe(true);
    await expect.poll(() => list.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Call the printer')]);
    await page.getByLabel('Kind').selectOption({ label: 'Mention' });
    await expect.poll(() => page.getByText('Nothing matches these filters.').isVisible()).toBe(true);
    await page.getByLabel('Kind').selectOption({ label: 'Task assigned' });
    await list.getByRole('button', { name: /^Mark “.*Call the printer.*” read$/ }).click();
    await expect.poll(() => page.getByText('Nothing matches these filters.').isVisible()).toBe(true);
    await expect.poll(() => bell(page).getAttribute('aria-label')).toBe('Notifications');

    // Settings: no more task assignments in the app, mentions by daily digest; they persist.
    await page.goto('/app/settings/notifications');
    await page.getByLabel('In app: A task is assigned to you').uncheck();
    await page.getByLabel('Email: Someone mentions you').selectOption('daily');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Your notification settings are saved.').isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByLabel('In app: A task is assigned to you').isChecked()).toBe(false);
    await expect.poll(() => page.getByLabel('Email: Someone mentions you').inputValue()).toBe('daily');
    const saved = (await team.member.get('/api/me/notification-settings')).body.kinds;
    expect(saved['task.assigned'].inApp).toBe(false);
    expect(saved.mention.email).toBe('daily');
    await context.close();
  });
});
