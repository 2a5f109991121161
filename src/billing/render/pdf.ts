import PDFDocument from 'pdfkit';
import type { InvoiceDocument } from '../types.js';
import { type FontFile, findCjkFont, missingCjkFont } from './fonts.js';
import { type Fonts, drawInvoice, page } from './pdf-layout.js';
import { type InvoiceView, buildView } from './view.js';

export interface PdfOptions {
  /**
   * The CJK font: config's `cjkFont` (TOLLGATE_CJK_FONT), "file.ttf" or "file.ttc#PostScriptName".
   * When absent the standard Debian paths are searched.
   */
  cjkFont?: string | null;
}

/**
 * The invoice as a PDF. English invoices use the built-in Helvetica, so they render on any machine;
 * Chinese ones (and any invoice with text Helvetica cannot draw) embed a CJK font, or fail saying
 * which package to install.
 */
export async function renderInvoicePdf(doc: InvoiceDocument, options: PdfOptions = {}): Promise<Buffer> {
  const view = buildView(doc);
  const cjk = needsCjkFont(view) ? findCjkFont(options.cjkFont ?? null) : null;
  return drawInvoicePdf(view, cjk);
}

/** Draws a view with the given CJK font, or with Helvetica when it is null. */
export async function drawInvoicePdf(view: InvoiceView, cjk: FontFile | null): Promise<Buffer> {
  if (!cjk && needsCjkFont(view)) {
    throw missingCjkFont(view.locale === 'zh-CN' ? 'A Chinese (zh-CN) invoice' : 'This invoice has text that Helvetica cannot draw and');
  }
  const pdf = new PDFDocument({
    size: 'A4',
    margin: page.margin,
    lang: view.locale,
    info: { Title: `${view.title} ${view.number}`, Author: view.operator.name },
  });
  const done = collect(pdf);
  drawInvoice(pdf, view, cjk ? registerCjk(pdf, cjk) : { regular: 'Helvetica', bold: 'Helvetica-Bold', fauxBold: false });
  pdf.end();
  return done;
}

function registerCjk(pdf: PDFKit.PDFDocument, font: FontFile): Fonts {
  pdf.registerFont('cjk', font.path, font.face ?? undefined);
  // CJK faces ship one weight; strong text is drawn filled and stroked instead.
  return { regular: 'cjk', bold: 'cjk', fauxBold: true };
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

/** Helvetica draws WinAnsi only: Latin-1 plus a few typographic marks. */
const WIN_ANSI = /^[\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\n]*$/;

export function needsCjkFont(view: InvoiceView): boolean {
  return view.locale === 'zh-CN' || !WIN_ANSI.test(viewText(view));
}

function viewText(view: InvoiceView): string {
  const rows = [...view.meta, ...view.summary].flatMap((row) => [row.label, row.value]);
  const lines = [view.columns, ...view.lines].flatMap((line) => [line.description, line.quantity, line.unitPrice, line.amount]);
  const parties = [view.operator.name, ...view.operator.details, view.billTo.label, view.billTo.name, ...view.billTo.details];
  return [view.title, view.number, view.fromLabel, ...parties, ...rows, ...lines].join('\n');
}
