import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../../src/test-support/gateway.js';
import { zh } from '../src/i18n/zh.js';
import { formatMoney } from '../src/lib/money.js';
import { admin, chromiumInstalled, eventually, launchBrowser, newContext, screenshot, signInAsOperator, startConsoleGateway, textOf } from './harness.js';

describe.runIf(chromiumInstalled)('the operator console in Chromium', () => {
  let gateway: TestGateway;
  let browser: Browser;
  let owner: string;

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startConsoleGateway(), launchBrowser()]);
    owner = await gateway.operatorToken('owner');
    // Some traffic first, so the overview has money to show.
    const { secret } = await gateway.issueKey('acme');
    for (let i = 0; i < 3; i++) await gateway.client(secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: `hello ${i}` }] });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it('signs in, shows the API numbers, creates a customer and a key, sees its usage, speaks Chinese, downloads an invoice and signs out', async () => {
    const context = await newContext(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
    const page = await context.newPage();

    // The overview asks for its report once signed in; the test asks the admin API the very same URL.
    const overviewAnswer = page.waitForResponse((response) => response.url().includes('/admin/v1/reports/overview'));
    await signInAsOperator(page, gateway, owner);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const shown = new URL((await overviewAnswer).url());
    const expected = await admin(gateway, owner, 'GET', `${shown.pathname.replace('/admin/v1', '')}${shown.search}`);
    expect(expected.status).toBe(200);
    const o = expected.body;
    expect(await textOf(page.getByTestId('overview-revenue'))).toBe(formatMoney(o.revenue, o.currency, 'en'));
    expect(await textOf(page.getByTestId('overview-cost'))).toBe(formatMoney(o.cost, o.currency, 'en'));
    expect(await textOf(page.getByTestId('overview-margin'))).toBe(formatMoney(o.grossMargin, o.currency, 'en'));
    expect(await textOf(page.getByTestId('overview-mrr'))).toBe(formatMoney(o.mrr, o.currency, 'en'));
    expect(await textOf(page.getByTestId('overview-cash'))).toBe(formatMoney(o.cash, o.currency, 'en'));
    expect(await textOf(page.getByTestId('overview-customers'))).toBe(String(o.activeCustomers));
    expect(o.revenue).not.toMatch(/^0(\.0*)?$/);
    await screenshot(page, 'overview');

    // Profit by customer, or, on a server without that report yet, a plain "not available yet".
    await page.getByRole('link', { name: 'Profit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profit' }).waitFor();
    if ((await admin(gateway, owner, 'GET', '/reports/profit?groupBy=customer')).status === 404) await page.getByText('Not available yet.').waitFor();
    else await page.getByRole('row', { name: /acme/ }).waitFor();
    await screenshot(page, 'profit');

    // A new customer, made in the UI.
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('button', { name: 'New customer' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Initech');
    await page.getByLabel('Billing email').fill('billing@initech.example');
    await page.getByLabel('Billing', { exact: true }).selectOption('postpaid');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Initech' }).waitFor();
    const customerId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    expect(customerId).toMatch(/^cus_/);

    // Its first key: the secret is shown once, can be copied, and works with the official SDK.
    await page.getByLabel('Name of the new key').fill('e2e');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await textOf(page.getByTestId('secret-value'));
    expect(secret).toMatch(/^tg-/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row', { name: /e2e/ }).waitFor();
    expect(await page.getByTestId('secret-value').count()).toBe(0);

    // Finance actions: free credit granted in the UI shows in the wallet.
    const grant = page.getByRole('form', { name: 'Grant free credit' });
    await grant.getByLabel('Amount (USD)').fill('5');
    await grant.getByRole('button', { name: 'Grant credit' }).click();
    await grant.getByText('Granted.').waitFor();
    await page.getByTestId('wallet-promotional').getByText('$5.00').waitFor();

    // Credit terms: prepaid with an overdraft and a low-balance alert, then back to postpaid with a credit limit.
    const terms = page.getByRole('form', { name: 'Credit terms' });
    await terms.getByLabel('Billing', { exact: true }).selectOption('prepaid');
    await terms.getByLabel('Overdraft (USD)').fill('10');
    await terms.getByLabel('Low-balance alert below (USD)').fill('2.5');
    await terms.getByRole('button', { name: 'Save terms' }).click();
    // The customer is read again once saved: its facts line says prepaid only then.
    await page.locator('.facts').getByText('Prepaid').waitFor();
    expect((await admin(gateway, owner, 'GET', `/customers/${customerId}`)).body).toMatchObject({ billingMode: 'prepaid', overdraft: '10', lowBalance: '2.5' });
    // A negative overdraft is not sent: the field refuses it.
    const overdraft = terms.getByLabel('Overdraft (USD)');
    await overdraft.fill('-3');
    await terms.getByRole('button', { name: 'Save terms' }).click();
    expect(await overdraft.evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(false);
    expect((await admin(gateway, owner, 'GET', `/customers/${customerId}`)).body).toMatchObject({ overdraft: '10' });
    await terms.getByLabel('Billing', { exact: true }).selectOption('postpaid');
    await terms.getByLabel('Credit limit (USD)').fill('250');
    await terms.getByRole('button', { name: 'Save terms' }).click();
    await page.locator('.facts').getByText('Postpaid').waitFor();
    expect((await admin(gateway, owner, 'GET', `/customers/${customerId}`)).body).toMatchObject({ billingMode: 'postpaid', creditLimit: '250', lowBalance: '2.5' });

    const { response } = await gateway.client(secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'Hi from the SDK' }] }).withResponse();
    const requestId = response.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^req_/);
    const usage = page.getByRole('region', { name: 'Usage events' });
    await eventually(async () => {
      await page.locator('#usage-title').locator('..').getByRole('button', { name: 'Refresh' }).click();
      await usage.getByText(requestId).waitFor({ timeout: 1_000 });
    });
    await screenshot(page, 'customer-detail');

    // The same console in Chinese, remembered across a reload.
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('link', { name: zh['nav.overview'] }).click();
    await page.getByRole('heading', { level: 1, name: zh['overview.title'] }).waitFor();
    await page.getByText(zh['metric.grossMargin'], { exact: true }).first().waitFor();
    await page.reload();
    await page.getByRole('link', { name: zh['nav.customers'] }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
    await page.getByTestId('overview-revenue').waitFor();
    await screenshot(page, 'overview-zh');

    // An invoice from a subscription made through the admin API, downloaded from the UI.
    expect((await admin(gateway, owner, 'POST', '/plans', { code: 'pro', name: 'Pro', currency: 'USD', interval: 'month', fee: '49' })).status).toBe(201);
    const subscribed = await admin(gateway, owner, 'POST', `/customers/${customerId}/subscription`, { plan: 'pro' });
    expect(subscribed.status).toBe(201);
    const invoice = subscribed.body.invoice;
    await page.getByRole('link', { name: zh['nav.invoices'] }).click();
    const link = page.getByRole('link', { name: zh['invoices.downloadNamed'].replace('{number}', invoice.number) });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await screenshot(page, 'invoices');

    await page.getByRole('button', { name: zh['nav.signOut'] }).click();
    await page.getByRole('heading', { name: zh['signIn.title'] }).waitFor();
    expect((await page.request.get(`${gateway.url}/console/api/session`)).status()).toBe(401);
    await context.close();
  }, 120_000);

  it('shows plans, upstreams, forecasts and the playground, whose reply carries its tokens and its charge from the usage event', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInAsOperator(page, gateway, owner);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();

    await visit(page, 'Plans and prices');
    await page.getByRole('row', { name: /sim-mini/ }).first().waitFor();
    await screenshot(page, 'plans');

    await visit(page, 'Upstreams and models');
    await page.getByRole('row', { name: /sim-fast/ }).first().waitFor();
    await screenshot(page, 'catalog');

    await visit(page, 'Expenses and budgets');
    await page.getByLabel('Description').fill('Office rent');
    await page.getByLabel('Category').first().selectOption('rent');
    await page.getByLabel('Amount', { exact: true }).fill('1200');
    await page.getByRole('button', { name: 'Add expense' }).click();
    await page.getByRole('row', { name: /Office rent/ }).getByText('$1,200.00').waitFor();
    await page.getByLabel('Budgeted amount').fill('1500');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await page.getByRole('region', { name: 'Budget against actuals' }).getByRole('row', { name: /Salaries/ }).getByText('$1,500.00').first().waitFor();
    await screenshot(page, 'expenses');

    await visit(page, 'Forecasts');
    await page.getByRole('heading', { name: 'Break-even', exact: true }).waitFor();
    await page.locator('[aria-busy="false"], .notice').first().waitFor();
    await screenshot(page, 'forecasts');

    await visit(page, 'SaaS and cash');
    await page.getByRole('heading', { name: 'SaaS metrics' }).waitFor();
    await page.getByText('Months averaged for burn').or(page.getByText('Not available yet.').first()).first().waitFor();
    await screenshot(page, 'finance');

    await visit(page, 'Playground');
    await page.getByLabel('Customer').selectOption({ label: 'acme' });
    await page.getByRole('button', { name: 'Issue key and start' }).click();
    await page.getByLabel('Message').fill('What is the margin on this reply?');
    await page.getByRole('button', { name: 'Send' }).click();
    const meter = page.getByTestId('reply-meter');
    await meter.getByText(/from usage event req_/).waitFor();
    const text = await textOf(meter);
    expect(text).toMatch(/\d+ input \+ \d+ output tokens/);
    expect(text).toMatch(/charged \$0\.\d+/);
    await screenshot(page, 'playground');
    await context.close();
  }, 90_000);

  it('lets a viewer read but offers no change, and works from the keyboard', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInAsOperator(page, gateway, await gateway.operatorToken('viewer'));
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');

    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('link', { name: 'acme' }).click();
    await page.getByRole('heading', { level: 1, name: 'acme' }).waitFor();
    await page.getByTestId('wallet-paid').waitFor();
    await page.getByRole('row', { name: /test/ }).first().waitFor();
    // The members section has loaded (its table, or the line saying there is nobody yet), so a missing button is really missing.
    await page.getByRole('region', { name: 'Portal members' }).getByText(/Nobody of this customer|@/).first().waitFor();
    for (const action of ['Create key', 'Revoke', 'Record top-up', 'Grant credit', 'Add member']) expect(await page.getByRole('button', { name: action }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('fits a phone: the navigation folds into a menu button', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await signInAsOperator(page, gateway, owner);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    expect(await nav.isVisible()).toBe(false);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: 'acme' }).click();
    await page.getByRole('heading', { level: 1, name: 'acme' }).waitFor();
    await page.getByTestId('wallet-paid').waitFor();
    await screenshot(page, 'phone-customer', { fullPage: false });
    await menu.click();
    await nav.getByRole('link', { name: 'Overview' }).waitFor();
    await screenshot(page, 'phone-menu', { fullPage: false });
    await context.close();
  }, 60_000);
});

async function visit(page: Page, label: string): Promise<void> {
  await page.getByRole('link', { name: label }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}
