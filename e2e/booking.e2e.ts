import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, logIn, newPage, stopServerAndBrowser } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { signupPortal } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(() => stopServerAndBrowser(server, browser));

const timeIn = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

describe('booking through the public page', () => {
  it('shows free times in the guest’s zone, books one, and lets the guest cancel it', async () => {
    const host = await signupPortal(server);
    await host.client.put('/api/me/availability', {
      timeZone: 'Europe/Berlin',
      weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '08:00', end: '20:00' })),
    });
    const created = await host.client.post('/api/booking-pages', {
      slug: 'intro',
      title: 'Intro call',
      description: 'Let us get to know each other.',
      durationMinutes: 30,
      minimumNoticeMinutes: 60,
    });
    expect(created.status, created.text).toBe(201);

    // The guest is in New York, with no account.
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York', locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    await page.goto(`/book/${host.portal.slug}/intro`);
    await expect.poll(() => page.getByRole('heading', { name: 'Intro call' }).isVisible()).toBe(true);
    expect(await page.getByRole('combobox', { name: 'Your time zone' }).inputValue()).toBe('America/New_York');

    // The first free time offered, as the API gives it, is shown on New York's clock.
    const firstDay = page.getByRole('region').first();
    const firstButton = firstDay.getByRole('button').first();
    await firstButton.waitFor();
    const api = await host.client.get(
      `/api/public/${host.portal.slug}/booking/intro/slots?from=${new Date().toISOString()}&to=${new Date(Date.now() + 8 * 86_400_000).toISOString()}`,
    );
    const first = api.body.slots[0].start as string;
    expect(await firstButton.textContent()).toBe(timeIn(first, 'America/New_York'));

    await firstButton.click();
    await page.getByLabel('Your name').fill('Gus Guest');
    await page.getByLabel('Email').fill('gus@guest.test');
    await page.getByLabel('Anything we should know? (optional)').fill('About the pilot');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect.poll(() => page.getByText('You are booked').isVisible()).toBe(true);
    expect(await page.getByRole('status').textContent()).toContain(
      `${timeIn(first, 'America/New_York')}–${timeIn(new Date(Date.parse(first) + 30 * 60_000).toISOString(), 'America/New_York')} (America/New_York)`,
    );

    // The host sees it in their bookings and calendar.
    const bookings = await host.client.get('/api/bookings');
    expect(bookings.body.items).toEqual([
      expect.objectContaining({ guestName: 'Gus Guest', start: new Date(first).toISOString(), status: 'confirmed', notes: 'About the pilot' }),
    ]);

    // The guest follows the manage link and cancels.
    await page.getByRole('link', { name: 'Reschedule or cancel' }).click();
    await page.waitForURL('**/booking/**');
    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByLabel('Reason (optional, sent to the host)').fill('Found the answer');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel booking' }).click();
    await expect.poll(() => page.getByText('This booking is cancelled.').isVisible()).toBe(true);
    expect((await host.client.get('/api/bookings')).body.items[0].status).toBe('cancelled');

    // The time is free again on the public page.
    await page.getByRole('link', { name: 'Book a new time' }).click();
    await expect.poll(() => page.getByRole('region').first().getByRole('button').first().textContent()).toBe(timeIn(first, 'America/New_York'));
    await context.close();

    // The host follows the link of the "booking made" notification: the bookings page marks that booking.
    const made = (await host.client.get('/api/notifications?kind=booking.created')).body.items[0];
    expect(made.url).toMatch(/^\/app\/scheduling\/bookings\?booking=/);
    const hostPage = await newPage(browser, server.url);
    await logIn(hostPage.page, host.portal.slug, `owner@${host.portal.slug}.test`);
    await hostPage.page.goto(made.url);
    await expect.poll(() => hostPage.page.locator('tr[aria-current="true"]').textContent()).toContain('Gus Guest');
    await hostPage.context.close();
  });
});
