import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { logIn as login, newPage, startServerAndBrowser, stopServerAndBrowser } from './browser.js';
import type { TestServer } from '../src/test/harness.js';
import { signupPortal } from '../src/test/factories.js';

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

/** The error text tied to an input (aria-describedby), i.e. the message shown beside the field. */
async function fieldDescription(input: Locator): Promise<string> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(
    ids.map((id) =>
      input
        .page()
        .locator(`[id="${id}"]`)
        .textContent()
        .catch(() => ''),
    ),
  );
  return texts.join(' ');
}

describe('Drive in the browser', () => {
  it('creates a folder, uploads, drags a file into the folder, renames, trashes, restores and downloads it', async () => {
    const p = await signupPortal(server);
    const { context, page } = await newPage(browser, server.url);
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
    await login(page, p.portal.slug, `owner@${p.portal.slug}.test`);

    await page.goto('/app/drive');
    await expect.poll(() => page.getByText('Your drive is empty').isVisible()).toBe(true);

    // A new folder.
    await page.getByRole('button', { name: 'New folder' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Folder name').fill('Contracts');
    await dialog.getByRole('button', { name: 'Create folder' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Contracts', exact: true }).isVisible()).toBe(true);
    await expect.poll(() => dialog.count()).toBe(0);

    // The same name again: the clash is shown beside the field, and the dialog stays open.
    await page.getByRole('button', { name: 'New folder' }).click();
    dialog = page.getByRole('dialog');
    const folderName = dialog.getByLabel('Folder name');
    await folderName.fill('Contracts');
    await dialog.getByRole('button', { name: 'Create folder' }).click();
    await expect.poll(() => dialog.getByText('already exists in this folder').isVisible()).toBe(true);
    await expect.poll(() => folderName.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => fieldDescription(folderName)).toContain('already exists in this folder');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const folders = (await p.client.get('/api/drive/folders')).body.items;
    expect(folders.map((f: { name: string }) => f.name)).toEqual(['Contracts']);
    const contracts = folders[0] as { id: string; name: string };

    // Upload through the Upload button's file input.
    const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37) % 256))]);
    await page.getByLabel('Files to upload').setInputFiles([{ name: 'report.pdf', mimeType: 'application/pdf', buffer: content }]);
    await expect.poll(() => page.getByRole('link', { name: 'report.pdf', exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Uploads finished').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Your drive is empty').isVisible()).toBe(false);

    // The same name again is stored as "report (2).pdf", and the upload list says so.
    await page.getByLabel('Files to upload').setInputFiles([{ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 second') }]);
    await expect.poll(() => page.getByRole('link', { name: 'report (2).pdf', exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('saved as “report (2).pdf”').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'report.pdf', exact: true }).isVisible()).toBe(true);

    // Drag the file's row onto the folder's row: it moves into the folder.
    await page.getByRole('row', { name: /report\.pdf/ }).dragTo(page.getByRole('row', { name: /Contracts/ }));
    await expect.poll(() => page.getByText('Moved “report.pdf” to “Contracts”.').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'report.pdf', exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByRole('link', { name: 'report (2).pdf', exact: true }).isVisible()).toBe(true);
    const inFolder = async () => (await p.client.get(`/api/drive/files?folderId=${contracts.id}`)).body.items.map((f: { name: string }) => f.name);
    await expect.poll(inFolder).toEqual(['report.pdf']);
    const atRoot = (await p.client.get('/api/drive/files')).body.items.map((f: { name: string }) => f.name);
    expect(atRoot).toEqual(['report (2).pdf']);

    // Open the folder: breadcrumbs and the moved file.
    await page.getByRole('link', { name: 'Contracts', exact: true }).click();
    await page.waitForURL(`**/app/drive/folders/${contracts.id}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Contracts' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'Drive' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'report.pdf', exact: true }).isVisible()).toBe(true);

    // Rename it from its menu.
    await page.getByRole('button', { name: 'Actions for report.pdf' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    dialog = page.getByRole('dialog');
    const nameInput = dialog.getByLabel('Name');
    await expect.poll(() => nameInput.inputValue()).toBe('report.pdf');
    await nameInput.fill('signed contract.pdf');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'signed contract.pdf', exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'report.pdf', exact: true }).count()).toBe(0);
    await expect.poll(inFolder).toEqual(['signed contract.pdf']);

    // Trash it.
    await page.getByRole('button', { name: 'Actions for signed contract.pdf' }).click();
    await page.getByRole('menuitem', { name: 'Move to trash' }).click();
    await expect.poll(() => page.getByText('“signed contract.pdf” moved to the trash.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('This folder is empty').isVisible()).toBe(true);
    await expect.poll(inFolder).toEqual([]);

    // Restore it from the Trash view.
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.waitForURL('**/app/drive/trash');
    await expect.poll(() => page.getByRole('cell', { name: 'signed contract.pdf', exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Restore signed contract.pdf' }).click();
    await expect.poll(() => page.getByText('“signed contract.pdf” restored.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('The trash is empty').isVisible()).toBe(true);
    await expect.poll(inFolder).toEqual(['signed contract.pdf']);

    // Back in its folder, download it: the bytes are the ones uploaded.
    await page.goto(`/app/drive/folders/${contracts.id}`);
    await expect.poll(() => page.getByRole('link', { name: 'signed contract.pdf', exact: true }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Actions for signed contract.pdf' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'Download' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('signed contract.pdf');
    const saved = await download.path();
    expect(fs.readFileSync(saved).equals(content)).toBe(true);

    await context.close();
  });
});
