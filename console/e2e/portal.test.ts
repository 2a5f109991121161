import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../../src/test-support/gateway.js';
import { admin, chromiumInstalled, eventually, launchBrowser, newContext, screenshot, signInAsMember, startConsoleGateway, textOf } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe.runIf(chromiumInstalled)('the customer portal in Chromium', () => {
  let gateway: TestGateway;
  let browser: Browser;
  let owner: string;
  const alpha = { id: '', invoice: { id: '', number: '' } };
  const beta = { id: '', invoice: { id: '', number: '' }, keyPrefixes: [] as string[] };

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startConsoleGateway(), launchBrowser()]);
    owner = await gateway.operatorToken('owner');
    expect((await admin(gateway, owner, 'POST', '/plans', { code: 'starter', name: 'Starter', currency: 'USD', interval: 'month', fee: '19', overage: 'arrears' })).status).toBe(201);
    for (const [ref, customer] of [['alpha', alpha], ['beta', beta]] as const) {
      const key = await gateway.issueKey(ref);
      customer.id = key.customerId;
      const member = await admin(gateway, owner, 'POST', `/customers/${customer.id}/members`, { email: `owner@${ref}.example`, name: `${ref} owner`, role: 'owner', password: PASSWORD });
      expect(member.status).toBe(201);
      const subscribed = await admin(gateway, owner, 'POST', `/customers/${customer.id}/subscription`, { plan: 'starter' });
      expect(subscribed.status).toBe(201);
      customer.invoice = subscribed.body.invoice;
    }
    const betaKey = await gateway.issueKey('beta');
    for (let i = 0; i < 2; i++) await gateway.client(betaKey.secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'Hello from beta' }] });
    beta.keyPrefixes = (await admin(gateway, owner, 'GET', `/customers/${beta.id}/keys`)).body.data.map((k: { prefix: string }) => k.prefix);
    expect(beta.keyPrefixes).toHaveLength(2);
    expect(alpha.invoice.number).not.toBe(beta.invoice.number);
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it("lets a member create a key, see its usage and invoices, and nothing of another customer's", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInAsMember(page, gateway, 'owner@alpha.example', PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();

    await page.getByLabel('Name of the new key').fill('laptop');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await textOf(page.getByTestId('secret-value'));
    expect(secret).toMatch(/^tg-/);
    await page.getByRole('button', { name: 'Copy' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row', { name: /laptop/ }).waitFor();
    const keysPage = await page.content();
    for (const prefix of beta.keyPrefixes) expect(keysPage).not.toContain(prefix);
    await screenshot(page, 'portal-keys');

    const { response } = await gateway.client(secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'Hello from alpha' }] }).withResponse();
    const requestId = response.headers.get('x-request-id')!;
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { level: 1, name: 'Usage and spend' }).waitFor();
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByText(requestId).waitFor({ timeout: 1_000 });
    });
    await page.getByRole('region', { name: 'By model' }).getByRole('row', { name: /sim-mini/ }).waitFor();
    await page.locator('.chart svg').first().waitFor();
    await screenshot(page, 'portal-usage');

    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('link', { name: alpha.invoice.number, exact: true }).waitFor();
    expect(await page.content()).not.toContain(beta.invoice.number);
    await page.getByRole('link', { name: alpha.invoice.number, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Invoice ${alpha.invoice.number}` }).waitFor();
    await page.getByTestId('invoice-total').waitFor();

    // Another customer's invoice, reached by its address: not found, in the page and in the API.
    await page.goto(`${gateway.url}/console/#/portal/invoices/${encodeURIComponent(beta.invoice.id)}`);
    await page.getByRole('heading', { level: 1, name: 'Invoice', exact: true }).waitFor();
    await page.getByRole('status').getByText('There is nothing here, or it is not yours to see.').waitFor();
    expect(await page.content()).not.toContain(beta.invoice.number);
    expect((await page.request.get(`${gateway.url}/portal/v1/invoices/${beta.invoice.id}/pdf`)).status()).toBe(404);
    // Nor is the operator console theirs: its pages are not there and its API refuses the session.
    await page.goto(`${gateway.url}/console/#/customers`);
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect((await page.request.get(`${gateway.url}/admin/v1/customers`)).status()).toBe(403);

    await page.getByRole('link', { name: 'Balance and plan' }).click();
    await page.getByTestId('portal-wallet').waitFor();
    await page.getByText('Your current plan').waitFor();
    await screenshot(page, 'portal-billing');
    await context.close();
  }, 120_000);

  it('fits a phone', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    await signInAsMember(page, gateway, 'owner@beta.example', PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { level: 1, name: 'Usage and spend' }).waitFor();
    await page.getByRole('region', { name: 'By model' }).getByRole('row', { name: /sim-mini/ }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-portal-usage', { fullPage: false });
    await context.close();
  }, 60_000);
});
