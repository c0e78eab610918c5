import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { logIn, newPage, startServerAndBrowser, stopServerAndBrowser } from './browser.js';
import type { TestServer } from '../src/test/harness.js';
import { portalWithTeam } from '../src/test/factories.js';

/** The pipeline and stage editor (Settings → Pipelines): an admin changes the stages, a member only reads them. */

let server: TestServer;
let browser: Browser;
beforeAll(async () => ({ server, browser } = await startServerAndBrowser()));
afterAll(() => stopServerAndBrowser(server, browser));

const stageNames = (page: Page, pipeline: string) =>
  page
    .getByRole('list', { name: `Stages of ${pipeline}` })
    .getByRole('listitem')
    .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));

describe('pipeline editor', () => {
  it('renames, reorders, adds, marks lost and removes stages (moving their deals); members see it read-only', async () => {
    const team = await portalWithTeam(server);
    const sales = (await team.owner.get('/api/crm/pipelines')).body.items[0];
    const proposal = sales.stages.find((s: { name: string }) => s.name === 'Proposal').id;
    for (const title of ['Deal one', 'Deal two']) await team.member.post('/api/crm/deals', { title, currency: 'EUR', stageId: proposal });

    const admin = await newPage(browser, server.url);
    const page = admin.page;
    await logIn(page, team.portal.slug, `owner@${team.portal.slug}.test`);
    await page.goto('/app/crm/deals');
    await page.getByRole('link', { name: 'Edit pipelines' }).click();
    await page.waitForURL('**/app/settings/pipelines');
    const card = page.getByRole('region', { name: 'Sales' });
    await expect.poll(() => stageNames(page, 'Sales')).toEqual(['New', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    await expect.poll(() => card.getByRole('listitem', { name: 'Proposal' }).textContent()).toContain('2 deals');

    // Rename a stage.
    await card.getByRole('button', { name: 'Rename Qualified' }).click();
    // Each dialog by its name: a closing one stays in the page for its transition.
    const renameStage = page.getByRole('dialog', { name: 'Rename stage' });
    await renameStage.getByLabel('Stage name').fill('Qualified lead');
    await renameStage.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => renameStage.count()).toBe(0);
    await expect.poll(() => stageNames(page, 'Sales')).toEqual(['New', 'Qualified lead', 'Proposal', 'Negotiation', 'Won', 'Lost']);

    // Move a stage up with the keyboard: the focus stays on its arrow, and the move is announced.
    await card.getByRole('button', { name: 'Move Negotiation up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => stageNames(page, 'Sales')).toEqual(['New', 'Qualified lead', 'Negotiation', 'Proposal', 'Won', 'Lost']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Negotiation up');
    await expect.poll(() => card.getByRole('status').textContent()).toBe('Negotiation is now stage 3 of 6.');

    // Add an open stage (it goes before the closing ones), and one that becomes a lost stage.
    for (const name of ['Contract sent', 'Churned']) {
      await card.getByRole('button', { name: 'Add stage' }).click();
      const add = page.getByRole('dialog', { name: 'Add stage' });
      await add.getByLabel('Stage name').fill(name);
      await add.getByRole('button', { name: 'Add stage' }).click();
      await expect.poll(() => add.count()).toBe(0);
    }
    await card.getByLabel('Kind of Churned').selectOption('lost');
    await expect.poll(() => card.getByLabel('Kind of Churned').inputValue()).toBe('lost');

    // Remove the stage with two deals: they have to go somewhere.
    await card.getByRole('button', { name: 'Remove Proposal' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Remove stage' }).click();
    await expect.poll(() => dialog.getByText('Choose the stage its deals move to').last().isVisible()).toBe(true);
    await dialog.getByLabel('Move its 2 deals to').selectOption({ label: 'Negotiation (Open)' });
    await dialog.getByRole('button', { name: 'Remove stage' }).click();
    await expect.poll(() => stageNames(page, 'Sales')).toEqual(['New', 'Qualified lead', 'Negotiation', 'Contract sent', 'Churned', 'Won', 'Lost']);
    await expect.poll(() => card.getByRole('listitem', { name: 'Negotiation' }).textContent()).toContain('2 deals');
    const after = (await team.member.get('/api/crm/pipelines')).body.items[0];
    expect(after.stages.map((s: { name: string; kind: string }) => `${s.name}:${s.kind}`)).toEqual([
      'New:open',
      'Qualified lead:open',
      'Negotiation:open',
      'Contract sent:open',
      'Churned:lost',
      'Won:won',
      'Lost:lost',
    ]);
    const negotiation = after.stages[2].id;
    expect((await team.member.get(`/api/crm/deals?stageId=${negotiation}`)).body.items).toHaveLength(2);

    // A second pipeline: create, rename, delete.
    await page.getByRole('button', { name: 'New pipeline' }).click();
    await page.getByRole('dialog').getByLabel('Pipeline name').fill('Hiring');
    await page.getByRole('dialog').getByRole('button', { name: 'Create pipeline' }).click();
    const hiring = page.getByRole('region', { name: 'Hiring' });
    await hiring.waitFor();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await hiring.getByRole('button', { name: 'Rename', exact: true }).click();
    const rename = page.getByRole('dialog', { name: 'Rename pipeline' });
    await rename.getByLabel('Pipeline name').fill('Recruiting');
    await rename.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const recruiting = page.getByRole('region', { name: 'Recruiting' });
    await recruiting.getByRole('button', { name: 'Delete pipeline' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete pipeline' }).click();
    await expect.poll(() => recruiting.count()).toBe(0);
    expect((await team.member.get('/api/crm/pipelines')).body.items.map((p: { name: string }) => p.name)).toEqual(['Sales']);
    await admin.context.close();

    // A member sees the stages, and nothing to change them with.
    const member = await newPage(browser, server.url);
    await logIn(member.page, team.portal.slug, team.memberUser.email);
    await member.page.goto('/app/settings/pipelines');
    await expect.poll(() => member.page.getByText('Only admins can change pipelines and stages.').isVisible()).toBe(true);
    await expect.poll(() => stageNames(member.page, 'Sales')).toEqual(['New', 'Qualified lead', 'Negotiation', 'Contract sent', 'Churned', 'Won', 'Lost']);
    expect(await member.page.getByRole('button', { name: /^(Remove|Rename|Move) / }).count()).toBe(0);
    expect(await member.page.getByRole('button', { name: 'New pipeline' }).count()).toBe(0);
    await member.context.close();
  });
});
