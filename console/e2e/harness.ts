import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import type { ApplyFileInput } from '../../src/app/apply.js';
import { type TestGateway, startTestGateway } from '../../src/test-support/gateway.js';
import { requireInstalled } from '../../src/test-support/tools.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const consoleDist = join(root, 'console/dist');
export const screenshotDir = join(root, 'test-artifacts/screenshots');

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = requireInstalled(existsSync(CHROMIUM) ? [] : ['chromium'], 'apt-get install -y chromium');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A laptop-sized window in English with a fixed time zone, so dates and screenshots are stable. */
export async function newContext(browser: Browser, options: { phone?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1360, height: 900 },
    deviceScaleFactor: 1,
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
    locale: 'en-US',
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** The simulated model both suites call, with a price and a cost, so money shows up everywhere. */
export const seed: Partial<ApplyFileInput> = {
  upstreams: [
    {
      name: 'sim-fast',
      type: 'sim',
      settings: { sim: { firstTokenMs: 5, tokensPerSecond: 5000 } },
      costCards: [{ kind: 'per_token', currency: 'USD', perMillionTokens: { input: '0.10', output: '0.40' } }],
    },
  ],
  models: [{ name: 'sim-mini', routes: [{ upstream: 'sim-fast' }], prices: [{ currency: 'USD', perMillionTokens: { input: '0.15', output: '0.60' } }] }],
};

/** The real server over a fresh database, serving the built console. */
export async function startConsoleGateway(): Promise<TestGateway> {
  if (!existsSync(join(consoleDist, 'index.html'))) throw new Error(`The console is not built (${consoleDist}): run npm run build:console first (npm test builds it).`);
  return startTestGateway({ seed, env: { TOLLGATE_CONSOLE_DIR: consoleDist } });
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // Charts load their library on first use: wait until every chart has drawn.
  await page.waitForFunction("[...document.querySelectorAll('.chart')].every((chart) => chart.querySelector('svg'))");
  // A full-page capture of a scrolled page would draw the sticky header mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: options.fullPage ?? true, animations: 'disabled' });
}

/** Calls the admin API with an operator token, as a script would. */
export async function admin<T = any>(gateway: TestGateway, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${gateway.url}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * Retries `attempt` until it succeeds: for data that lands a moment later (a usage event after
 * its response). Bounded by attempts, never by measuring time.
 */
export async function eventually<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await attempt();
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** The text of a locator once it is visible. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return (await locator.textContent())?.trim() ?? '';
}

export async function signInAsOperator(page: Page, gateway: TestGateway, token: string): Promise<void> {
  await page.goto(`${gateway.url}/console/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Operator', exact: true }).click();
  await page.getByLabel('Operator token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signInAsMember(page: Page, gateway: TestGateway, email: string, password: string): Promise<void> {
  await page.goto(`${gateway.url}/console/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Customer', exact: true }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
