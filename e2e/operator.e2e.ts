import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, logIn } from './browser.js';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { PASSWORD, signupPortal } from '../src/test/factories.js';
import { createOperator } from '../src/modules/operators/index.js';

/** The operator console (LIF-7) in a real browser: set a password from the CLI's link, see MRR, grant a plan, export, read the invoice archive. */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ env: { TEST_CLOCK: '1' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A portal paying for Team monthly ($15.00 on the built-in catalog). */
async function payingPortal(name: string) {
  const p = await signupPortal(server, { name });
  expect((await p.client.post('/api/billing/payment-method', { cardNumber: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' })).status).toBe(200);
  expect((await p.client.post('/api/billing/subscription', { planId: 'team', interval: 'monthly' })).status).toBe(200);
  return p;
}

describe('operator console', () => {
  it('sets the password from the printed link, shows MRR, and a granted plan changes it', async () => {
    const acme = await payingPortal('Acme Paying Co');
    const { setPasswordLink } = await createOperator(server.deps, { email: 'ops@provider.test', name: 'Oscar Ops' });
    const { context, page } = await newPage(browser, server.url);

    // The one-time link from `skit operator create`.
    await page.goto(setPasswordLink!);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL('**/operator');

    // Log in at /operator.
    await page.getByLabel('Email').fill('ops@provider.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/operator/overview');
    const mrr = page.getByRole('group', { name: 'Monthly recurring revenue' });
    await expect.poll(() => mrr.textContent()).toContain('$15.00');
    await expect.poll(() => page.getByRole('table', { name: 'Portals per plan' }).getByRole('row', { name: /Team/ }).textContent()).toMatch(/Team\s*1/);

    // Portals → Acme → Grant a plan.
    await page.getByRole('navigation', { name: 'Operator console' }).getByRole('link', { name: 'Portals' }).click();
    await page.getByLabel('Search portals').fill(acme.portal.slug);
    await page.getByRole('link', { name: 'Acme Paying Co' }).click();
    await page.waitForURL(`**/operator/portals/${acme.portal.id}`);
    await expect.poll(() => page.getByRole('group', { name: 'Plan' }).textContent()).toMatch(/Team\s*Active/);
    await page.getByRole('button', { name: 'Grant a plan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Plan' }).click();
    await page.getByRole('option', { name: /Business/ }).click();
    await dialog.getByLabel('Free until').fill('2099-01-01');
    await dialog.getByLabel('Note').fill('Conference sponsor');
    await dialog.getByRole('button', { name: 'Grant plan' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Plan' }).textContent()).toMatch(/Business\s*Trial/);
    await expect.poll(() => page.getByText(/Plan granted for free: business until 2099-01-01 \(Conference sponsor\)/).isVisible()).toBe(true);

    // The revenue the portal brought is gone for now.
    await page.getByRole('navigation', { name: 'Operator console' }).getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => mrr.textContent()).toContain('$0.00');

    // The portal's admins see the change in their own audit log.
    const audit = (await acme.client.get('/api/audit?limit=20')).body.items.map((e: { action: string }) => e.action);
    expect(audit).toContain('billing.plan_granted');
    await context.close();
  });

  it("starts an export and downloads it, each with a reason; the portal's admins see who and why", async () => {
    const p = await payingPortal('Export Me Ltd');
    await createOperator(server.deps, { email: 'ops2@provider.test', name: 'Olga Ops', password: PASSWORD });
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/operator');
    await page.getByLabel('Email').fill('ops2@provider.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/operator/overview');
    await page.goto(`/operator/portals/${p.portal.id}`);
    await page.getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Start export' }).click();
    await expect.poll(() => dialog.getByText(/Say why/).isVisible()).toBe(true);
    await dialog.getByLabel('Reason').fill('Customer asked for a copy, ticket 4711');
    await dialog.getByRole('button', { name: 'Start export' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await server.runJobs();

    // Downloading asks for a reason too before the browser gets the file.
    const download = page.getByRole('button', { name: 'Download ZIP' });
    await expect.poll(() => download.isVisible(), { timeout: 15_000 }).toBe(true);
    await download.click();
    const ask = page.getByRole('dialog');
    await ask.getByRole('button', { name: 'Download ZIP' }).click();
    await expect.poll(() => ask.getByText(/Say why/).isVisible()).toBe(true);
    await ask.getByLabel('Reason').fill('Sending the copy of ticket 4711');
    const [file] = await Promise.all([page.waitForEvent('download'), ask.getByRole('button', { name: 'Download ZIP' }).click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`^${p.portal.slug}-export-.*\\.zip$`));
    expect((await file.failure()) ?? null).toBeNull();

    // In the portal: Settings → Audit log names the operator on both, and the details give the reason.
    const admin = await newPage(browser, server.url);
    await logIn(admin.page, p.portal.slug, p.user.email);
    await admin.page.goto('/app/settings/audit');
    await expect.poll(() => admin.page.getByText('operator.export_started').first().isVisible()).toBe(true);
    const row = admin.page.getByRole('row').filter({ hasText: 'portability.export_downloaded' });
    await expect.poll(() => row.getByText('Olga Ops (server operator)').isVisible()).toBe(true);
    await row.getByRole('button', { name: 'Details' }).click();
    await expect
      .poll(() =>
        admin.page
          .getByRole('dialog')
          .getByText(/Sending the copy of ticket 4711/)
          .isVisible(),
      )
      .toBe(true);
    await admin.context.close();
    await context.close();
  });

  it('changes the password: a wrong current one and a short new one are refused, the new one logs in', async () => {
    await createOperator(server.deps, { email: 'ops3@provider.test', name: 'Otto Ops', password: PASSWORD });
    const { context, page } = await newPage(browser, server.url);
    const logInAs = async (password: string) => {
      await page.goto('/operator');
      await page.getByLabel('Email').fill('ops3@provider.test');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
    };
    await logInAs(PASSWORD);
    await page.waitForURL('**/operator/overview');
    await page.getByRole('navigation', { name: 'Operator console' }).getByRole('link', { name: 'Your password' }).click();
    await page.waitForURL('**/operator/password');

    const fill = async (current: string, next: string, confirm = next) => {
      await page.getByLabel('Current password').fill(current);
      await page.getByLabel(/^New password/).fill(next);
      await page.getByLabel('Confirm new password').fill(confirm);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    await fill(PASSWORD, 'short');
    await expect.poll(() => page.getByText('Use at least 10 characters').isVisible()).toBe(true);
    await fill(PASSWORD, 'a brand new secret', 'a brand new secreT');
    await expect.poll(() => page.getByText('The two new passwords differ').isVisible()).toBe(true);
    await fill('not my password at all', 'a brand new secret');
    await expect.poll(() => page.getByText('This is not your current password').isVisible()).toBe(true);
    await fill(PASSWORD, 'a brand new secret');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Your password is changed' }).isVisible()).toBe(true);

    // The old password no longer works; the new one does.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/operator');
    await logInAs(PASSWORD);
    await expect.poll(() => page.getByText('Wrong email or password').isVisible()).toBe(true);
    await logInAs('a brand new secret');
    await page.waitForURL('**/operator/overview');
    await context.close();
  });

  it("lists an erased portal's invoices in the archive and opens one as issued, on a phone too", async () => {
    const gone = await payingPortal('Gone Fishing GmbH');
    const [issued] = (await gone.client.get('/api/billing/invoices?limit=10')).body.items as { id: string; number: string; issuedAt: string }[];
    expect(issued).toBeDefined();
    const erase = await gone.client.post('/api/portal/delete', { password: PASSWORD, confirmSlug: gone.portal.slug });
    expect(erase.status, erase.text).toBe(202);
    await server.runJobs();

    await createOperator(server.deps, { email: 'ops4@provider.test', name: 'Ola Ops', password: PASSWORD });
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/operator');
    await page.getByLabel('Email').fill('ops4@provider.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/operator/overview');
    await page.getByRole('navigation', { name: 'Operator console' }).getByRole('link', { name: 'Invoice archive' }).click();
    await page.waitForURL('**/operator/invoice-archive');
    await expect.poll(() => page.getByText(/INVOICE_RETENTION_YEARS/).isVisible()).toBe(true);

    // Filtered to the erased portal: its invoice, the name printed on it, the total and until when it is kept.
    await page.getByLabel('Portal ID').fill(gone.portal.id);
    await page.waitForURL(`**/operator/invoice-archive?portalId=${gone.portal.id}`);
    const row = page.getByRole('table', { name: 'Archived invoices' }).getByRole('row').filter({ hasText: issued!.number });
    await expect.poll(() => row.textContent()).toContain('Gone Fishing GmbH');
    expect(await row.textContent()).toContain(gone.portal.id);
    expect(await row.textContent()).toContain('$15.00');
    const keptUntil = `1 Jan ${new Date(issued!.issuedAt).getUTCFullYear() + 11}`; // ten years from the end of the year of issue
    expect(await row.textContent()).toContain(keptUntil);

    // Opening it shows the document as issued in a new tab, with the operator's session.
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      row.getByRole('link', { name: `Open invoice ${issued!.number} (opens in a new tab)` }).click(),
    ]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toBe(`/api/operator/invoice-archive/${issued!.id}/document`);
    await expect.poll(() => tab.locator('body').textContent()).toContain(issued!.number);
    expect(await tab.locator('body').textContent()).toContain('Gone Fishing GmbH');
    await tab.close();

    // The operator log has both reads.
    const audit = (await server.deps.db.selectFrom('operator_audit').select('action').execute()).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['operator.invoice_archive_listed', 'operator.archived_invoice_downloaded']));

    // At 360 px: a card per invoice, nothing to scroll sideways, the same link.
    await page.setViewportSize({ width: 360, height: 740 });
    const card = page.getByRole('list', { name: 'Archived invoices' }).getByRole('listitem').filter({ hasText: issued!.number });
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain('$15.00');
    expect(await card.getByRole('link', { name: `Open invoice ${issued!.number} (opens in a new tab)` }).isVisible()).toBe(true);
    // Polled: the shell slides its navigation away after the resize.
    const overflowing = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .map((e) => e.tagName + (e.textContent ?? '').slice(0, 30)),
      );
    await expect.poll(overflowing).toEqual([]);
    await context.close();
  });

  it('keeps portal users out of the console', async () => {
    const p = await signupPortal(server);
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, p.portal.slug, p.user.email);
    await page.goto('/operator/portals');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/operator');
    await expect.poll(() => page.getByRole('heading', { name: 'Operator console' }).isVisible()).toBe(true);
    // Their own portal session still works.
    await page.goto('/app');
    await expect.poll(() => page.getByTestId('portal-name').isVisible()).toBe(true);
    await context.close();
  });
});
