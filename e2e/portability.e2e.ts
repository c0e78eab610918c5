import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, logIn, newPage } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { signupPortal } from '../src/test/factories.js';
import { unzip } from '../src/modules/portability/portability.testkit.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // Jobs run in the background as in production: the export is a job.
  server = await startTestServer({ jobs: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Settings → Data (POR-1, POR-2)', () => {
  it('exports everything with one button, shows the progress, and downloads the ZIP', async () => {
    const p = await signupPortal(server, { email: 'olivia@export.test' });
    await p.client.post('/api/crm/contacts', { firstName: 'Zoë', lastName: 'Exported, "quoted"' });
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, 'olivia@export.test');

    await page.goto('/app/settings/profile');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: /Data/ }).click();
    await page.waitForURL('**/app/settings/data');
    const section = page.getByRole('region', { name: 'Export everything' });
    await expect.poll(() => section.getByText('No exports yet.').isVisible()).toBe(true);

    await section.getByRole('button', { name: 'Export everything' }).click();
    const download = section.getByRole('link', { name: /^Download the export \(/ });
    await expect.poll(() => download.isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => section.getByText(/1 contacts/).isVisible()).toBe(true);
    await expect.poll(() => section.getByRole('table', { name: 'Exports' }).getByText('Done').isVisible()).toBe(true);

    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`^${p.portal.slug}-export-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const entries = await unzip(fs.readFileSync((await file.path())!));
    expect(entries.get('contacts.csv')!.toString('utf8')).toContain('Zoë,"Exported, ""quoted"""');
    expect(JSON.parse(entries.get('manifest.json')!.toString()).counts.contacts).toBe(1);
    await context.close();
  });

  it('checks a CSV file, names the problem by row and column, then imports it', async () => {
    const p = await signupPortal(server, { email: 'olivia@csv.test' });
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, 'olivia@csv.test');
    await page.goto('/app/settings/data');
    const section = page.getByRole('region', { name: 'Import a CSV file' });
    // Choosing the file as a person does: the button opens the file dialog.
    const choose = async (content: string) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), section.getByLabel('CSV file').click()]);
      await chooser.setFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(content) });
    };
    await choose('Name,E-mail\nAnna Müller,anna@example.test\nBob,not-an-email\n');
    await section.getByRole('button', { name: 'Check file' }).click();
    const problems = section.getByRole('table', { name: 'Problems by row and column' });
    await expect.poll(() => problems.getByText('is not an email address: "not-an-email"').isVisible()).toBe(true);
    await expect.poll(() => problems.getByRole('cell', { name: 'E-mail' }).isVisible()).toBe(true);

    await choose('Name,E-mail\nAnna Müller,anna@example.test\n');
    await section.getByRole('button', { name: 'Import' }).click();
    await expect.poll(async () => (await p.client.get('/api/crm/contacts')).body.items.map((c: { lastName: string }) => c.lastName)).toEqual(['Müller']);
    await context.close();
  });
});
