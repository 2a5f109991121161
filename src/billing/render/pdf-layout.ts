import type { InvoiceView, LineView, Row } from './view.js';

export interface Fonts {
  regular: string;
  bold: string;
  fauxBold: boolean;
}

/** A4 in points. */
export const page = { width: 595.28, height: 841.89, margin: 50 } as const;
const left = page.margin;
const right = page.width - page.margin;
const bottom = page.height - page.margin;
const grey = '#555555';
const ink = '#1a1a1a';

interface Style {
  size: number;
  strong?: boolean;
  color?: string;
  align?: 'left' | 'right';
}

type Pdf = PDFKit.PDFDocument;

export function drawInvoice(pdf: Pdf, view: InvoiceView, fonts: Fonts): void {
  const pen = new Pen(pdf, fonts);
  let y = drawHeader(pen, view);
  y = drawBillTo(pen, view, y + 22);
  y = drawLines(pen, view, y + 22);
  drawSummary(pen, view.summary, y + 10);
}

/** Writes text at a place and says how tall it came out, so rows can be laid out by measure. */
class Pen {
  constructor(readonly pdf: Pdf, private readonly fonts: Fonts) {}

  text(text: string, x: number, y: number, width: number, style: Style): number {
    const strong = style.strong ?? false;
    this.pdf.font(strong ? this.fonts.bold : this.fonts.regular).fontSize(style.size).fillColor(style.color ?? ink);
    const faux = strong && this.fonts.fauxBold;
    if (faux) this.pdf.lineWidth(style.size / 40).strokeColor(style.color ?? ink);
    const options = { width, align: style.align ?? 'left', lineBreak: true, fill: true, stroke: faux } as const;
    this.pdf.text(text, x, y, options);
    return this.pdf.heightOfString(text, options);
  }

  measure(text: string, width: number, style: Style): number {
    this.pdf.font(style.strong ? this.fonts.bold : this.fonts.regular).fontSize(style.size);
    return this.pdf.heightOfString(text, { width });
  }

  rule(y: number, from: number, to: number, width: number, color = ink): void {
    this.pdf.moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(color).stroke();
  }
}

function drawHeader(pen: Pen, view: InvoiceView): number {
  let y = page.margin;
  if (view.operator.logo) {
    pen.pdf.image(view.operator.logo.bytes, left, y, { fit: [120, 40] });
    y += 48;
  }
  y += pen.text(view.operator.name, left, y, 240, { size: 13, strong: true });
  for (const line of view.operator.details) y += pen.text(line, left, y + 2, 240, { size: 9, color: grey });
  return Math.max(y, drawHeading(pen, view));
}

function drawHeading(pen: Pen, view: InvoiceView): number {
  const x = 310;
  let y = page.margin;
  y += pen.text(view.title, x, y, right - x, { size: 22, strong: true, align: 'right' }) + 6;
  for (const row of view.meta) {
    const label = pen.text(row.label, x, y, 90, { size: 9, color: grey });
    const value = pen.text(row.value, x + 90, y, right - x - 90, { size: 9, align: 'right' });
    y += Math.max(label, value) + 2;
  }
  return y;
}

function drawBillTo(pen: Pen, view: InvoiceView, top: number): number {
  let y = top + pen.text(view.billTo.label, left, top, 240, { size: 9, color: grey }) + 2;
  y += pen.text(view.billTo.name, left, y, 280, { size: 11, strong: true });
  for (const line of view.billTo.details) y += pen.text(line, left, y + 1, 280, { size: 9 });
  return y;
}

/** Description, quantity, unit price, amount: x and width of each cell. */
const columns: { key: keyof LineView; x: number; width: number; align: 'left' | 'right' }[] = [
  { key: 'description', x: left, width: 210, align: 'left' },
  { key: 'quantity', x: left + 215, width: 100, align: 'right' },
  { key: 'unitPrice', x: left + 320, width: 85, align: 'right' },
  { key: 'amount', x: left + 410, width: right - left - 410, align: 'right' },
];

function drawLines(pen: Pen, view: InvoiceView, top: number): number {
  let y = drawRow(pen, view.columns, top, true);
  pen.rule(y + 2, left, right, 1);
  y += 6;
  for (const line of view.lines) {
    if (y + rowHeight(pen, line) > bottom) {
      pen.pdf.addPage();
      y = drawRow(pen, view.columns, page.margin, true) + 6;
    }
    y = drawRow(pen, line, y, false) + 3;
    pen.rule(y, left, right, 0.4, '#cccccc');
    y += 4;
  }
  return y;
}

function rowHeight(pen: Pen, line: LineView): number {
  return Math.max(...columns.map((c) => pen.measure(line[c.key], c.width, { size: 9 }))) + 7;
}

function drawRow(pen: Pen, line: LineView, y: number, strong: boolean): number {
  const heights = columns.map((c) => pen.text(line[c.key], c.x, y, c.width, { size: 9, strong, align: c.align }));
  return y + Math.max(...heights);
}

function drawSummary(pen: Pen, rows: (Row & { strong: boolean })[], top: number): void {
  const x = 300;
  let y = top;
  if (y + rows.length * 18 > bottom) {
    pen.pdf.addPage();
    y = page.margin;
  }
  for (const row of rows) {
    if (row.strong) pen.rule(y - 2, x, right, 0.8);
    const style = { size: row.strong ? 10.5 : 9.5, strong: row.strong };
    const label = pen.text(row.label, x, y + 1, 150, style);
    const value = pen.text(row.value, x + 150, y + 1, right - x - 150, { ...style, align: 'right' });
    y += Math.max(label, value) + 6;
  }
}
