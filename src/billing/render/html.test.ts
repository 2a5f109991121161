import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../test-support/invoice-fixture.js';
import { renderInvoiceHtml } from './html.js';

/** A summary row as the page has it: label and value side by side. */
const row = (label: string, value: string) => `<th>${label}</th><td>${value}</td>`;

// The amounts are worked out by hand in sampleLines' comment (src/test-support/invoice-fixture.ts).
describe('renderInvoiceHtml', () => {
  it('renders an English invoice with its labels and exact amounts', () => {
    const html = renderInvoiceHtml(sampleDocument('en', 'Acme Robotics Ltd.'));
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<h1>Invoice</h1>');
    for (const text of ['Northwind Inference Ltd.', 'Wan Chai, Hong Kong', 'Tax ID: HK-61234567', 'Acme Robotics Ltd.', 'billing@customer.example']) {
      expect(html).toContain(text);
    }
    expect(html).toContain(row('Number', 'INV-2026-000042'));
    expect(html).toContain(row('Status', 'Issued'));
    expect(html).toContain(row('Issue date', 'April 1, 2026'));
    expect(html).toContain(row('Due date', 'April 15, 2026'));
    expect(html).toContain(row('Billing period', 'March 1, 2026 – March 31, 2026'));
    expect(html).toContain('<td class="num">1,234,567 input tokens</td><td class="num">0.15 / 1M tokens</td><td class="num">$0.18518505</td>');
    expect(html).toContain('<td class="num">1 period</td><td class="num">20.00 / month</td><td class="num">$20.00</td>');
    for (const amount of ['$0.2740734', '$0.0021345', '$0.0033011', '-$0.1234567', '-$2.00']) expect(html).toContain(`<td class="num">${amount}</td>`);
    expect(html).toContain(row('Subtotal', '$18.34123735'));
    expect(html).toContain(row('Tax (13%)', '$2.384360856'));
    expect(html).toContain(row('Rounding', '$0.004401794'));
    expect(html).toContain(row('Total', '$20.73'));
    expect(html).not.toContain('Prepaid credit applied');
    expect(html).toContain(row('Amount due', '$20.73'));
    expect(html).toContain(row('Amount paid', '$0.00'));
  });

  it('renders a Chinese invoice with Chinese labels, dates and the same amounts', () => {
    const html = renderInvoiceHtml(sampleDocument('zh-CN', '上海星河智能科技有限公司'));
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h1>发票</h1>');
    expect(html).toContain('上海星河智能科技有限公司');
    expect(html).toContain('税号：HK-61234567');
    expect(html).toContain(row('编号', 'INV-2026-000042'));
    expect(html).toContain(row('状态', '已开具'));
    expect(html).toContain(row('开具日期', '2026年4月1日'));
    expect(html).toContain(row('付款截止日期', '2026年4月15日'));
    expect(html).toContain(row('计费周期', '2026年3月1日 至 2026年3月31日'));
    expect(html).toContain('<td class="num">1,234,567 输入 token</td><td class="num">0.15 / 1M tokens</td><td class="num">US$0.18518505</td>');
    expect(html).toContain('<td class="num">US$0.0021345</td>');
    expect(html).toContain(row('小计', 'US$18.34123735'));
    expect(html).toContain(row('税额（13%）', 'US$2.384360856'));
    expect(html).toContain(row('舍入调整', 'US$0.004401794'));
    expect(html).toContain(row('合计', 'US$20.73'));
    expect(html).toContain(row('应付金额', 'US$20.73'));
    expect(html).toContain(row('已付金额', 'US$0.00'));
    expect(html).not.toMatch(/Subtotal|Amount due|Invoice</);
  });

  it('escapes every string from the data', () => {
    const doc = sampleDocument('en', `<script>alert("pwned")</script> & 'Sons'`);
    doc.operator.name = '<b>Northwind</b>';
    doc.invoice.lines = [{ ...doc.invoice.lines[0]!, description: '<img src=x onerror=alert(1)>' }];
    const html = renderInvoiceHtml(doc);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;Sons&#39;');
    expect(html).toContain('&lt;b&gt;Northwind&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<b>|<img src=x/);
  });

  it('shows DRAFT (草稿) for a draft without a number, and no dates yet', () => {
    const draft = { number: null, status: 'draft' as const, issuedAtMs: null, dueAtMs: null };
    const en = renderInvoiceHtml(sampleDocument('en', 'Acme', draft));
    expect(en).toContain(row('Number', 'DRAFT'));
    expect(en).toContain(row('Status', 'Draft'));
    expect(en).toContain(row('Issue date', '—'));
    expect(en).toContain('<title>Invoice DRAFT — Northwind Inference Ltd.</title>');
    const zh = renderInvoiceHtml(sampleDocument('zh-CN', 'Acme', draft));
    expect(zh).toContain(row('编号', '草稿'));
    expect(zh).toContain(row('状态', '草稿'));
  });

  it('names a credit note as such and leaves out a zero rounding', () => {
    const changes = { kind: 'credit_note' as const, roundingNanos: 0n, totalNanos: -20_730_000_000n };
    const en = renderInvoiceHtml(sampleDocument('en', 'Acme', changes));
    expect(en).toContain('<h1>Credit note</h1>');
    expect(en).toContain(row('Total', '-$20.73'));
    expect(en).not.toContain('Rounding');
    expect(renderInvoiceHtml(sampleDocument('zh-CN', 'Acme', changes))).toContain('<h1>贷项通知单</h1>');
  });

  it('is self-contained: the logo is a data URL and nothing else is fetched', () => {
    const html = renderInvoiceHtml(sampleDocument('en', 'Acme'));
    expect(html).toContain('<img class="logo" alt="" src="data:image/png;base64,iVBORw0KGgo');
    expect(html).not.toMatch(/(src|href)="(?!data:)|@import|url\(/);
    const noLogo = sampleDocument('en', 'Acme');
    noLogo.operator.logo = Buffer.from('GIF89a not embeddable');
    expect(renderInvoiceHtml(noLogo)).not.toContain('<img');
  });
});
