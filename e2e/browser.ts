import { afterAll, afterEach } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test/harness.js';
import { PASSWORD } from '../src/test/factories.js';
import { CHROMIUM } from './chromium.js';

export { CHROMIUM };

// Debian's Chromium, headless; no network beyond loopback, nothing downloaded.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What the pages of this test file reported as blocked by the Content-Security-Policy since the last check. */
const cspViolations = new Set<string>();

// Reported in the page (securitypolicyviolation) and on its console ("Refused to …"), workers included.
const REPORT_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) => {
  window.__skitCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ':' + e.lineNumber + ') on ' + location.pathname);
});`;

async function watchContentSecurityPolicy(context: BrowserContext): Promise<BrowserContext> {
  await context.exposeBinding('__skitCspViolation', (_source, text: string) => void cspViolations.add(text));
  await context.addInitScript(REPORT_VIOLATIONS);
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.add(message.text());
  });
  return context;
}

/** A test fails when any page it drove broke the Content-Security-Policy (the app must need no exception to it). */
function assertNoCspViolations(): void {
  if (cspViolations.size === 0) return;
  const seen = [...cspViolations];
  cspViolations.clear();
  throw new Error(`The page broke the Content-Security-Policy:\n${seen.join('\n')}`);
}
afterEach(assertNoCspViolations);
afterAll(assertNoCspViolations);

/** Chromium whose every context (newPage below, or browser.newContext in a test) reports CSP violations. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchContentSecurityPolicy(await newContext(options));
  return browser;
}

/** Empties the list of CSP violations seen so far (for a test that provokes one on purpose). */
export function takeCspViolations(): string[] {
  const seen = [...cspViolations];
  cspViolations.clear();
  return seen;
}

/** A fresh browser profile (cookies and storage of its own), like a second person on another machine. */
export async function newPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 860 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** A real server (own database) and a browser for one test file. */
export async function startServerAndBrowser(): Promise<{ server: TestServer; browser: Browser }> {
  const server = await startTestServer();
  const browser = await launchBrowser();
  return { server, browser };
}

export async function stopServerAndBrowser(server: TestServer | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await server?.close();
}

/** Logs in through the log-in page, as a person would. */
export async function logIn(page: Page, portalSlug: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Portal address').fill(portalSlug);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/app');
}
