import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { logIn as login, newPage, startServerAndBrowser, stopServerAndBrowser } from './browser.js';
import type { TestServer } from '../src/test/harness.js';
import { addUser, signupPortal } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

/** The browser's local wall time `days` from now at 10:00, as a datetime-local value. */
function localAt10(daysFromNow: number): string {
  const d = new Date(Date.now() + daysFromNow * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
}

describe('calendar in the browser', () => {
  it('creates a weekly event in the calendar view and shows it on several weeks', async () => {
    const p = await signupPortal(server);
    const { context, page } = await newPage(browser, server.url); // browser zone: Europe/Berlin
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    await login(page, p.portal.slug, `owner@${p.portal.slug}.test`);

    // Both areas are in the main navigation; each page's code loads on the first visit.
    await page.getByRole('navigation').getByRole('link', { name: 'Scheduling' }).click();
    await page.waitForURL('**/app/scheduling/booking-pages');
    await page.getByText('No booking pages yet').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Calendar' }).click();
    await page.waitForURL('**/app/calendar');
    await page.getByRole('button', { name: 'New event' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title', { exact: true }).fill('Weekly planning');
    // The server's clock moves only forward in tests; "today" is the browser's today.
    await dialog.getByLabel('Start', { exact: true }).fill(localAt10(0));
    await dialog.getByLabel('End', { exact: true }).fill(localAt10(0).replace('T10:00', 'T11:00'));
    await dialog.getByLabel('Repeat').selectOption('weekly');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // The API agrees: one series, weekly, in the browser's zone, expanded at 10:00 Berlin time.
    const events = await p.client.get(
      `/api/events?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 29 * 86_400_000).toISOString()}`,
    );
    const mine = events.body.items.filter((e: { title: string }) => e.title === 'Weekly planning');
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(new Set(mine.map((e: { eventId: string }) => e.eventId)).size).toBe(1);
    for (const o of mine) {
      expect(o.timeZone).toBe('Europe/Berlin');
      const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(new Date(o.start));
      expect(hour).toBe('10');
    }

    // The month view shows it in several weeks.
    await expect.poll(async () => page.getByText('Weekly planning', { exact: true }).count()).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: 'Next Month' }).click();
    await expect.poll(async () => page.getByText('Weekly planning', { exact: true }).count()).toBeGreaterThanOrEqual(4);
    await context.close();
  });

  it("repeats weekly on the chosen start date's weekday, also where that start is the day before in UTC", async () => {
    const p = await signupPortal(server);
    // Auckland is 12–13 hours ahead of UTC: 09:00 there is the previous day's evening in UTC.
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 }, timezoneId: 'Pacific/Auckland', locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await login(page, p.portal.slug, `owner@${p.portal.slug}.test`);
    await page.getByRole('navigation').getByRole('link', { name: 'Calendar' }).click();
    await page.waitForURL('**/app/calendar');
    await page.getByRole('button', { name: 'New event' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title', { exact: true }).fill('Moved standup');
    // Three days from the dialog's default day: another weekday, always.
    const defaultStart = await dialog.getByLabel('Start', { exact: true }).inputValue();
    const day = Temporal.PlainDate.from(defaultStart.slice(0, 10)).add({ days: 3 });
    await dialog.getByLabel('Start', { exact: true }).fill(`${day.toString()}T09:00`);
    await dialog.getByLabel('End', { exact: true }).fill(`${day.toString()}T09:30`);
    await dialog.getByLabel('Repeat').selectOption('weekly');
    const weekday = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][day.dayOfWeek - 1]!;
    await expect.poll(() => dialog.getByRole('checkbox', { name: weekday, exact: true }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 40 * 86_400_000).toISOString();
    const items = (await p.client.get(`/api/events?from=${from}&to=${to}`)).body.items.filter((e: { title: string }) => e.title === 'Moved standup');
    expect(items.length).toBeGreaterThanOrEqual(4);
    const detail = await p.client.get(`/api/events/${items[0].eventId}`);
    expect(detail.body.rrule).toContain(`BYDAY=${['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][day.dayOfWeek - 1]}`);
    for (const o of items) {
      // Every occurrence is on the chosen weekday at 09:00 in Auckland (and on the day before in UTC).
      const local = Temporal.Instant.from(o.start).toZonedDateTimeISO('Pacific/Auckland');
      expect(local.dayOfWeek).toBe(day.dayOfWeek);
      expect(local.hour).toBe(9);
      expect(Temporal.Instant.from(o.start).toZonedDateTimeISO('UTC').dayOfWeek).toBe(((day.dayOfWeek + 5) % 7) + 1);
    }
    await context.close();
  });

  it("imports an .ics file through the Import dialog, and shows the server's refusal of a file over the limit", async () => {
    const p = await signupPortal(server);
    const { context, page } = await newPage(browser, server.url);
    await login(page, p.portal.slug, `owner@${p.portal.slug}.test`);
    await page.goto(`${server.url}/app/calendar`);

    const start = new Date(Date.now() + 2 * 86_400_000);
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Other Product//EN',
      'BEGIN:VEVENT',
      'UID:imported-1@other.test',
      `DTSTAMP:${stamp(new Date())}`,
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(new Date(start.getTime() + 3_600_000))}`,
      'SUMMARY:Imported review\\, with comma',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog');
    // Over the size limit: the server's 413 reaches the dialog as its message.
    const huge = Buffer.alloc(11 * 1024 * 1024, 'x');
    await dialog.getByLabel('Calendar file (.ics)').setInputFiles({ name: 'huge.ics', mimeType: 'text/calendar', buffer: huge });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toMatch(/too large/i);

    await dialog.getByLabel('Calendar file (.ics)').setInputFiles({ name: 'other.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('Imported 1 event').waitFor();

    const events = await p.client.get(`/api/events?from=${new Date().toISOString()}&to=${new Date(Date.now() + 7 * 86_400_000).toISOString()}`);
    expect(events.body.items.map((e: { title: string }) => e.title)).toEqual(['Imported review, with comma']);
    await context.close();
  });

  it('pins an auto-scheduled block from its event, so re-placement leaves it where it is', async () => {
    const p = await signupPortal(server);
    const created = await p.client.post('/api/events', {
      title: 'Focus: write the report',
      start: localAt10(1),
      end: localAt10(1).replace('T10:00', 'T11:00'),
      timeZone: 'Europe/Berlin',
    });
    expect(created.status, created.text).toBe(201);
    const task = await p.client.post('/api/tasks', { title: 'Write the report', estimateMinutes: 60 });
    expect(task.status, task.text).toBe(201);
    // The block as auto-scheduling writes it (placing needs a paid plan; the pin is what is tested here).
    const event = (await p.client.get(`/api/events/${created.body.id}`)).body;
    const startUtc = new Date(`${event.start}+01:00`).toISOString();
    await server.deps.db
      .insertInto('scheduling_blocks')
      .values({
        id: `block-${created.body.id}`,
        portal_id: p.portal.id,
        user_id: p.user.id,
        task_id: task.body.id,
        event_id: created.body.id,
        start_utc: startUtc,
        end_utc: new Date(Date.parse(startUtc) + 3_600_000).toISOString(),
        pinned: 0,
        task_estimate_minutes: 60,
        task_due_at: null,
        created_at: startUtc,
      })
      .execute();

    const { context, page } = await newPage(browser, server.url);
    await login(page, p.portal.slug, `owner@${p.portal.slug}.test`);
    await page.goto(`${server.url}/app/calendar`);
    await page.getByText('Focus: write the report').first().click();
    const dialog = page.getByRole('dialog');
    const pin = dialog.getByRole('switch', { name: 'Pinned' });
    await pin.waitFor();
    expect(await pin.isChecked()).toBe(false);
    await pin.click();
    await expect.poll(async () => (await p.client.get(`/api/scheduling/blocks?eventId=${created.body.id}`)).body.items[0]?.pinned).toBe(true);
    await context.close();
  });

  it("opens an invitation's deep link on the event's day, read-only for an invitee who does not see its calendar", async () => {
    const p = await signupPortal(server);
    const guest = await addUser(server, p.client, { name: 'Ivy Invitee' });
    const ev = await p.client.post('/api/events', {
      title: 'Private one to one',
      start: '2031-05-14T15:00',
      end: '2031-05-14T15:30',
      timeZone: 'Europe/Berlin',
      attendees: [{ userId: guest.user.id }],
    });
    expect(ev.status, ev.text).toBe(201);

    const { context, page } = await newPage(browser, server.url);
    await login(page, p.portal.slug, guest.user.email);
    await page.goto(`/app/calendar?event=${ev.body.id}`);
    const dialog = page.getByRole('dialog', { name: 'Event' });
    await expect.poll(() => dialog.getByLabel('Title', { exact: true }).inputValue()).toBe('Private one to one');
    expect(await dialog.getByLabel('Title', { exact: true }).isDisabled()).toBe(true);
    expect(await dialog.getByText('You are invited to this event.', { exact: false }).isVisible()).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    // The calendar went to the event's month.
    expect(await page.getByText('May 2031').first().isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await context.close();
  });
});
