import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, newPage, stopServerAndBrowser } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { signupPortal } from '../src/test/factories.js';

// Connections may reach loopback only when the operator allows it, as for webhooks.
let server: TestServer;
let browser: Browser;
let feed: http.Server;
let feedUrl: string;
let feedRequests = 0;

/** Today's date in Berlin (the browser's zone): the event sits in the week the calendar opens on. */
const berlinToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** A UTC stamp (YYYYMMDDTHHMMSSZ) of 10:00 or 11:00 Berlin time today. */
function berlinStamp(hour: number): string {
  const [y, m, d] = berlinToday().split('-').map(Number) as [number, number, number];
  // Berlin is UTC+1 or UTC+2: find the UTC instant whose Berlin hour is `hour`.
  for (const offset of [1, 2]) {
    const t = new Date(Date.UTC(y, m - 1, d, hour - offset));
    const h = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(t);
    if (Number(h) === hour)
      return t
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
  }
  throw new Error('no Berlin offset fits');
}

const ICS = () =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Elsewhere//EN',
    'X-WR-CALNAME:Elsewhere',
    'BEGIN:VEVENT',
    'UID:dentist-1@elsewhere.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${berlinStamp(10)}`,
    `DTEND:${berlinStamp(11)}`,
    'SUMMARY:Dentist appointment',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

beforeAll(async () => {
  server = await startTestServer({ env: { WEBHOOK_ALLOW_LOOPBACK: '1' } });
  browser = await launchBrowser();
  feed = http.createServer((req, res) => {
    feedRequests++;
    res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8' });
    res.end(ICS());
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/private/basic.ics`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (feed ? feed.close(() => resolve()) : resolve()));
  await stopServerAndBrowser(server, browser);
});

async function openSettings(page: Page, section: string): Promise<void> {
  await page.goto('/app/settings');
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: section }).click();
  await page.getByRole('heading', { name: section, level: 2 }).waitFor();
}

describe('connected calendars in the browser', () => {
  it('connects an iCalendar subscription, shows it synced with its event, and its event read-only in the week view', async () => {
    const p = await signupPortal(server);
    const { context, page } = await newPage(browser, server.url);
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    await logIn(page, p.portal.slug, `owner@${p.portal.slug}.test`);
    await openSettings(page, 'Calendars');
    await page.getByText('No connected calendars').waitFor();

    await page.getByRole('button', { name: 'Connect a calendar' }).first().click();
    const connect = page.getByRole('dialog', { name: 'Connect a calendar' });
    await connect.getByText('Subscription (iCalendar URL)').click();
    await connect.getByLabel('Calendar address (URL)').fill(feedUrl);
    await connect.getByLabel('Name', { exact: true }).fill('Private life');
    // Test first: the server reaches the feed, nothing is saved yet.
    await connect.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => connect.getByRole('status').textContent()).toBe('Reachable: the feed has 1 event.');
    expect(feedRequests).toBeGreaterThan(0);
    expect((await p.client.get('/api/calendar-connections')).body.items).toEqual([]);

    await connect.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const card = page.getByRole('article', { name: 'Private life' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Sync Private life now' }).click();
    await expect.poll(() => card.getByTestId('connection-status').textContent()).toBe('OK');
    await expect.poll(() => card.getByTestId('connection-event-count').textContent()).toBe('1 event');
    expect(await card.getByTestId('connection-last-sync').textContent()).toMatch(/now|second|minute/);

    const [connection] = (await p.client.get('/api/calendar-connections')).body.items;
    expect(connection).toMatchObject({ kind: 'ics', name: 'Private life', status: 'ok', eventCount: 1 });

    // The week view shows the external event, in the connection's colour, not draggable; a click shows where it comes from.
    await page.getByRole('navigation').getByRole('link', { name: 'Calendar', exact: true }).click();
    await page.waitForURL('**/app/calendar');
    await page.getByRole('tab', { name: /week view/i }).click();
    const event = page.locator('.skit-external-event', { hasText: 'Dentist appointment' });
    await event.first().waitFor();
    // Dragging it moves nothing.
    const before = (await event.first().boundingBox())!;
    await page.mouse.move(before.x + before.width / 2, before.y + 4);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width / 2, before.y + 160, { steps: 12 });
    await page.mouse.up();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await event.first().boundingBox()).toEqual(before);
    const color = await event.first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(color).toBe(
      await page.evaluate((hex) => {
        const d = document.createElement('div');
        d.style.color = hex;
        document.body.append(d);
        const c = getComputedStyle(d).color;
        d.remove();
        return c;
      }, connection.color as string),
    );
    await event.first().click();
    const details = page.getByRole('dialog', { name: 'Dentist appointment' });
    await details.waitFor();
    expect(await details.textContent()).toContain('From Private life');
    expect(await details.textContent()).toContain('10:00');
    expect(await details.textContent()).toContain('Read only');
    await details.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => details.count()).toBe(0);
    // No event editor opened for it.
    expect(await page.getByRole('dialog').count()).toBe(0);

    // The sidebar hides it with its connection.
    await page.getByRole('navigation', { name: 'Calendars' }).getByLabel('Show Private life').uncheck();
    await expect.poll(() => event.count()).toBe(0);
    await page.getByRole('navigation', { name: 'Calendars' }).getByLabel('Show Private life').check();
    await expect.poll(() => event.count()).toBeGreaterThan(0);

    // Disconnect (confirmed): the connection and its event are gone.
    await openSettings(page, 'Calendars');
    await page.getByRole('button', { name: 'Disconnect Private life' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disconnect “Private life”?' });
    await confirm.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('No connected calendars').waitFor();
    expect((await p.client.get('/api/calendar-connections')).body.items).toEqual([]);
    await context.close();
  });

  it('shows the failure of a feed that answers with an error on its card', async () => {
    const p = await signupPortal(server);
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, `owner@${p.portal.slug}.test`);
    const broken = await p.client.post('/api/calendar-connections', { kind: 'ics', url: feedUrl.replace('/private/', '/gone/'), name: 'Broken feed' });
    expect(broken.status, broken.text).toBe(201);
    // The feed now answers 404.
    const original = feed.listeners('request')[0] as http.RequestListener;
    feed.removeAllListeners('request');
    feed.on('request', (req, res) => {
      if (req.url?.startsWith('/gone/')) {
        res.writeHead(404).end();
        return;
      }
      original(req, res);
    });
    try {
      await openSettings(page, 'Calendars');
      const card = page.getByRole('article', { name: 'Broken feed' });
      await card.getByRole('button', { name: 'Sync Broken feed now' }).click();
      await expect.poll(() => card.getByTestId('connection-status').textContent()).toBe('Error');
      await expect.poll(() => card.getByText('The last sync failed').isVisible()).toBe(true);
    } finally {
      feed.removeAllListeners('request');
      feed.on('request', original);
    }
    await context.close();
  });

  it('shows a calendar feed as https and webcal links with the same token', async () => {
    const p = await signupPortal(server);
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, `owner@${p.portal.slug}.test`);
    await page.goto('/app/calendar');
    const sidebar = page.getByRole('navigation', { name: 'Calendars' });
    await sidebar
      .getByRole('button', { name: /^Options for / })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'Subscribe (feed URL)' }).click();
    const dialog = page.getByRole('dialog', { name: /^Subscribe to/ });
    const https = dialog.getByLabel('Feed URL (https)', { exact: true });
    await expect.poll(() => https.inputValue()).toMatch(/^http/);
    const url = await https.inputValue();
    expect(await dialog.getByLabel('Calendar app link (webcal)', { exact: true }).inputValue()).toBe(url.replace(/^https?:\/\//, 'webcal://'));
    expect(await dialog.getByRole('button', { name: 'Copy Calendar app link (webcal)' }).isVisible()).toBe(true);
    await context.close();
  });
});

describe('app passwords in the browser', () => {
  it('creates an app password shown once with the CalDAV address, lets it sign in to /dav/, and revokes it', async () => {
    const p = await signupPortal(server);
    const email = `owner@${p.portal.slug}.test`;
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, email);
    await openSettings(page, 'App passwords');
    await page.getByText('No app passwords yet').waitFor();

    await page.getByRole('button', { name: 'Create app password' }).first().click();
    const create = page.getByRole('dialog', { name: 'Create app password' });
    await create.getByLabel('Name').fill('Thunderbird at home');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    const shown = page.getByRole('dialog', { name: 'Your new app password' });
    await shown.getByText('Shown only once').waitFor();
    const password = (await shown.getByTestId('token-secret').textContent())!.trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(await shown.getByLabel('CalDAV address', { exact: true }).inputValue()).toBe(`${server.url}/dav/`);
    expect(await shown.getByLabel('User name', { exact: true }).inputValue()).toBe(email);

    // It is a real CalDAV credential.
    const basic = (pw: string) => `Basic ${Buffer.from(`${email}:${pw}`).toString('base64')}`;
    const propfind = (pw: string) => fetch(`${server.url}/dav/`, { method: 'PROPFIND', headers: { Authorization: basic(pw), Depth: '0' } });
    expect((await propfind(password)).status).toBe(207);

    await shown.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // Listed by name, never shown again.
    const row = page.getByRole('row', { name: /Thunderbird at home/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Never');
    expect(await page.content()).not.toContain(password);

    await row.getByRole('button', { name: 'Revoke Thunderbird at home' }).click();
    await page.getByRole('dialog', { name: 'Revoke “Thunderbird at home”?' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('No app passwords yet').waitFor();
    expect((await propfind(password)).status).toBe(401);
    await context.close();
  });
});

describe('booking page location in the browser', () => {
  it('sets a phone location in the editor and shows it on the public page and in the confirmation', async () => {
    const host = await signupPortal(server);
    await host.client.put('/api/me/availability', {
      timeZone: 'Europe/Berlin',
      weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '08:00', end: '20:00' })),
    });
    const created = await host.client.post('/api/booking-pages', { slug: 'call', title: 'Quick call', durationMinutes: 30, minimumNoticeMinutes: 60 });
    expect(created.status, created.text).toBe(201);

    const { context, page } = await newPage(browser, server.url);
    await logIn(page, host.portal.slug, `owner@${host.portal.slug}.test`);
    await page.goto('/app/scheduling/booking-pages');
    await page.getByRole('button', { name: 'Actions for Quick call' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit booking page' });
    await editor.getByRole('combobox', { name: 'Location' }).click();
    await page.getByRole('option', { name: 'Phone call' }).click();
    await editor.getByLabel('Phone number', { exact: true }).fill('+49 30 1234567');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const stored = (await host.client.get(`/api/booking-pages/${created.body.id}`)).body;
    expect(stored.location).toMatchObject({ kind: 'phone', value: '+49 30 1234567' });

    await page.goto(`/book/${host.portal.slug}/call`);
    await expect.poll(() => page.getByTestId('meeting-location').textContent()).toBe('Phone call: +49 30 1234567');
    await page.getByRole('region').first().getByRole('button').first().click();
    await page.getByLabel('Your name').fill('Gus Guest');
    await page.getByLabel('Email').fill('gus@guest.test');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect.poll(() => page.getByRole('status').getByTestId('meeting-location').textContent()).toBe('Phone call: +49 30 1234567');
    await context.close();
  });
});
