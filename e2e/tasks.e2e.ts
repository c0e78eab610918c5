import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { logIn as login, newPage, startServerAndBrowser, stopServerAndBrowser } from './browser.js';
import type { TestServer } from '../src/test/harness.js';
import { addUser, signupPortal } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

/** Drags with the mouse in steps, so that dnd-kit's pointer sensor (5 px activation) picks it up. */
async function dragWithMouse(page: Page, source: Locator, target: Locator) {
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + 15, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();
}

/** Today in the browser's zone (newPage uses Europe/Berlin): the day the date picker opens on. */
function todayInBerlin() {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric', month: 'long', day: 'numeric' })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return { dayLabel: `${Number(parts.day)} ${parts.month} ${parts.year}`, iso };
}

const berlinLocal = (instant: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(
    new Date(instant),
  );

describe('Tasks in the browser', () => {
  it('creates a task in the drawer, filters the list, drags it across the board and comments on it', async () => {
    const p = await signupPortal(server);
    const mia = await addUser(server, p.client, { role: 'member', name: 'Mia Member' });
    for (const t of [
      { title: 'Order office chairs', status: 'todo' },
      { title: 'Book the venue', status: 'in_progress' },
    ]) {
      const res = await p.client.post('/api/tasks', t);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const { context, page } = await newPage(browser, server.url);
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
    await login(page, p.portal.slug, `owner@${p.portal.slug}.test`);

    await page.goto('/app/tasks');
    /** The task titles the list shows, sorted. */
    const listed = async () => (await page.getByRole('table').getByRole('link').allTextContents()).sort();
    await expect.poll(listed).toEqual(['Book the venue', 'Order office chairs']);

    // New task through the drawer: title, assignee, due date.
    await page.getByRole('button', { name: 'New task' }).click();
    const drawer = page.getByRole('dialog');
    // Nothing filled in: the title is asked for beside its field.
    await drawer.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => drawer.getByText('Enter a title').isVisible()).toBe(true);
    await expect.poll(() => drawer.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    await drawer.getByLabel('Title').fill('Write the quarterly report');
    // A new task is the creating user's until someone else is chosen.
    await expect.poll(() => drawer.getByRole('combobox', { name: 'Assignee', exact: true }).inputValue()).toBe('Olivia Owner');
    await drawer.getByRole('combobox', { name: 'Assignee', exact: true }).click();
    await page.getByRole('option', { name: 'Mia Member' }).click();
    await expect.poll(() => drawer.getByRole('combobox', { name: 'Assignee', exact: true }).inputValue()).toBe('Mia Member');
    const today = todayInBerlin();
    await drawer.getByRole('button', { name: 'Due' }).click();
    await page.getByRole('button', { name: today.dayLabel, exact: true }).click();
    await drawer.getByLabel('Title').click(); // closes the picker
    await expect.poll(() => drawer.getByRole('button', { name: 'Due' }).textContent()).toContain('17:00');
    await drawer.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => page.getByText('Task created.').isVisible()).toBe(true);
    await expect.poll(() => drawer.count()).toBe(0);

    const created = (await p.client.get('/api/tasks?q=quarterly')).body.items;
    expect(created).toHaveLength(1);
    const task = created[0];
    expect(task).toMatchObject({ title: 'Write the quarterly report', status: 'todo', assigneeId: mia.user.id });
    expect(berlinLocal(task.dueAt)).toBe(`${today.iso} 17:00`);

    // It is in the list, with its assignee and due time.
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Write the quarterly report' }) });
    await expect.poll(() => row.isVisible()).toBe(true);
    await expect.poll(() => row.textContent()).toContain('Mia Member');
    await expect.poll(() => row.textContent()).toContain('17:00');

    // Search narrows the list; accents and case do not matter.
    await expect.poll(listed).toEqual(['Book the venue', 'Order office chairs', 'Write the quarterly report']);
    await page.getByLabel('Search').fill('QUÄRTERLY');
    await expect.poll(listed).toEqual(['Write the quarterly report']);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('QUÄRTERLY');
    await page.getByLabel('Search').fill('nothing like this');
    await expect.poll(() => page.getByText('No task matches these filters').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(listed).toEqual(['Book the venue', 'Order office chairs', 'Write the quarterly report']);
    await expect.poll(() => page.getByLabel('Search').inputValue()).toBe('');

    // Filter by assignee.
    await page.getByRole('combobox', { name: 'Assignee', exact: true }).click();
    await page.getByRole('option', { name: 'Mia Member' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('assigneeId')).toBe(mia.user.id);
    await expect.poll(listed).toEqual(['Write the quarterly report']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(listed).toEqual(['Book the venue', 'Order office chairs', 'Write the quarterly report']);

    // The board: drag the card from "To do" to "In progress".
    await page.goto('/app/tasks/board');
    const todo = page.getByRole('region', { name: 'To do' });
    const inProgress = page.getByRole('region', { name: 'In progress' });
    const card = todo.getByRole('button', { name: /^Write the quarterly report, To do\./ });
    await card.waitFor();
    await expect.poll(() => inProgress.getByText('Book the venue').isVisible()).toBe(true);
    await dragWithMouse(page, card, inProgress);
    await expect.poll(() => inProgress.getByRole('button', { name: /^Write the quarterly report, In progress\./ }).isVisible()).toBe(true);
    await expect.poll(() => todo.getByText('Write the quarterly report').count()).toBe(0);
    await expect.poll(() => todo.getByText('Order office chairs').isVisible()).toBe(true);
    await expect.poll(async () => (await p.client.get(`/api/tasks/${task.id}`)).body.status).toBe('in_progress');
    // Still there after a reload: the server has it.
    await page.reload();
    await expect.poll(() => inProgress.getByText('Write the quarterly report').isVisible()).toBe(true);

    // The task page: add a comment and see it.
    await inProgress.getByRole('link', { name: 'Write the quarterly report' }).click();
    await page.waitForURL(`**/app/tasks/${task.id}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Write the quarterly report' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('No comments yet.').isVisible()).toBe(true);
    await page.getByLabel('Add a comment').fill('First draft is in the shared folder.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const comment = page.getByRole('article', { name: 'Comment by Olivia Owner' });
    await expect.poll(() => comment.getByText('First draft is in the shared folder.').isVisible()).toBe(true);
    await expect.poll(() => page.getByLabel('Add a comment').inputValue()).toBe('');
    await expect.poll(() => page.getByText('No comments yet.').count()).toBe(0);
    const comments = (await p.client.get(`/api/tasks/${task.id}/comments`)).body.items;
    expect(comments.map((c: { body: string }) => c.body)).toEqual(['First draft is in the shared folder.']);

    await context.close();
  });
});
