import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import type { Locale } from '../../customers/types.js';
import { sampleDocument } from '../../test-support/invoice-fixture.js';
import { commandInstalled, requireInstalled } from '../../test-support/tools.js';
import { cjkFontPackages, findCjkFont } from './fonts.js';
import { drawInvoicePdf, renderInvoicePdf } from './pdf.js';
import { buildView } from './view.js';

const cjkFont = loadConfig({ TOLLGATE_CJK_FONT: process.env.TOLLGATE_CJK_FONT }).cjkFont;
const poppler = requireInstalled(['pdftotext', 'pdftoppm'].filter((c) => !commandInstalled(c)), 'apt-get install -y poppler-utils');
const fonts = requireInstalled(findCjkFont(cjkFont) ? [] : ['a CJK font'], `apt-get install -y ${cjkFontPackages}`);
const artifacts = fileURLToPath(new URL('../../../test-artifacts/invoices/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tollgate-pdf-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

const isPdf = (pdf: Buffer) => pdf.subarray(0, 5).toString('latin1') === '%PDF-';

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Renders page 1 and reads the PNG's size from its header. */
function renderPage(file: string, dpi: number, prefix: string): { bytes: number; width: number; height: number } {
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const png = readFileSync(`${prefix}.png`);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { bytes: png.length, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('renderInvoicePdf without a CJK font', () => {
  it('refuses a Chinese invoice, naming the packages to install', async () => {
    const view = buildView(sampleDocument('zh-CN', '上海星河智能科技有限公司'));
    await expect(drawInvoicePdf(view, null)).rejects.toThrow(/Chinese \(zh-CN\) invoice needs a CJK font.*apt-get install -y fonts-wqy-microhei/);
  });

  it('refuses an English invoice whose data Helvetica cannot draw', async () => {
    const view = buildView(sampleDocument('en', '上海星河智能科技有限公司'));
    await expect(drawInvoicePdf(view, null)).rejects.toThrow(/Helvetica cannot draw and needs a CJK font/);
  });

  it('renders an English invoice with the built-in Helvetica', async () => {
    const pdf = await drawInvoicePdf(buildView(sampleDocument('en', 'Acme Robotics Ltd.')), null);
    expect(isPdf(pdf)).toBe(true);
    expect(pdf.toString('latin1')).toContain('/BaseFont /Helvetica');
  });
});

/** Customer names, and what must come out of pdftotext, per locale. */
const cases: { locale: Locale; customer: string; expected: string[] }[] = [
  { locale: 'en', customer: 'Acme Robotics Ltd.', expected: ['Invoice', 'Total', '$20.73', 'Amount due', '$20.73', '$0.0021345', 'March 1, 2026 – March 31, 2026'] },
  { locale: 'zh-CN', customer: '上海星河智能科技有限公司', expected: ['发票', '合计', 'US$20.73', '应付金额', 'US$20.73', 'US$0.0021345', '2026年3月1日 至 2026年3月31日'] },
];

describe.skipIf(!poppler)('the PDFs, read back by poppler', () => {
  mkdirSync(artifacts, { recursive: true });

  for (const { locale, customer, expected } of cases) {
    describe.skipIf(locale === 'zh-CN' && !fonts)(`an ${locale} invoice`, () => {
      it('is a PDF whose text, page image and saved copy are right', async () => {
        const pdf = await renderInvoicePdf(sampleDocument(locale, customer), { cjkFont });
        expect(isPdf(pdf)).toBe(true);
        const file = join(artifacts, `invoice-${locale}.pdf`);
        writeFileSync(file, pdf);

        const text = pdfText(file);
        for (const fragment of ['INV-2026-000042', customer, ...expected]) expect(text).toContain(fragment);

        // A4 at 50 dpi is 413.4 × 584.7 pixels, rounded up by pdftoppm; a blank page would compress to almost nothing.
        const page = renderPage(file, 50, join(work, `page-${locale}`));
        expect(page).toMatchObject({ width: 414, height: 585 });
        expect(page.bytes).toBeGreaterThan(8_000);
        renderPage(file, 110, join(artifacts, `invoice-${locale}`));
      });
    });
  }

  it('continues a long table on a second page, ending with the totals', async () => {
    const doc = sampleDocument('en', 'Acme Robotics Ltd.');
    const usage = doc.invoice.lines[1]!;
    doc.invoice.lines = Array.from({ length: 40 }, (_, i) => ({ ...usage, description: `request batch ${i + 1}` }));
    const file = join(work, 'long.pdf');
    writeFileSync(file, await renderInvoicePdf(doc, { cjkFont }));
    const pages = pdfText(file).split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBe(2);
    expect(pages[0]).toContain('request batch 1 ');
    expect(pages[1]).toContain('Description');
    expect(pages[1]).toContain('request batch 40');
    expect(pages[1]).toContain('$20.73');
  });
});
