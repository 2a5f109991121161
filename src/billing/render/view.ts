import type { Locale } from '../../customers/types.js';
import type { InvoiceDocument, InvoiceLine } from '../types.js';
import { formatAmount, formatDate, formatPeriod, formatQuantity, formatTaxRate } from './format.js';
import { type Labels, labelsFor } from './labels.js';
import { type LogoType, logoType } from './logo.js';

export interface Row {
  label: string;
  value: string;
}

export interface LineView {
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
}

/**
 * Everything a document shows, as finished text in its locale. Both renderers draw this one view,
 * so the HTML and the PDF cannot say different things.
 */
export interface InvoiceView {
  locale: Locale;
  title: string;
  number: string;
  operator: { name: string; details: string[]; logo: { type: LogoType; bytes: Buffer } | null };
  fromLabel: string;
  billTo: { label: string; details: string[]; name: string };
  meta: Row[];
  columns: LineView;
  lines: LineView[];
  summary: (Row & { strong: boolean })[];
}

export function buildView(doc: InvoiceDocument): InvoiceView {
  const { invoice, customer, operator } = doc;
  const t = labelsFor(invoice.locale);
  const number = invoice.number ?? t.draftNumber;
  const type = logoType(operator.logo);
  return {
    locale: invoice.locale,
    title: t.kind[invoice.kind],
    number,
    operator: {
      name: operator.name,
      details: operatorDetails(doc, t),
      logo: type && operator.logo ? { type, bytes: operator.logo } : null,
    },
    fromLabel: t.from,
    billTo: { label: t.billTo, name: customer.name, details: customer.email ? [customer.email] : [] },
    meta: [
      { label: t.number, value: number },
      { label: t.statusLabel, value: t.status[invoice.status] },
      { label: t.issueDate, value: formatDate(invoice.issuedAtMs, invoice.locale) },
      { label: t.dueDate, value: formatDate(invoice.dueAtMs, invoice.locale) },
      { label: t.period, value: formatPeriod(invoice.periodStartMs, invoice.periodEndMs, invoice.locale) },
    ],
    columns: { description: t.description, quantity: t.quantity, unitPrice: t.unitPrice, amount: t.amount },
    lines: invoice.lines.map((line) => lineView(line, doc, t)),
    summary: summaryRows(doc, t),
  };
}

function operatorDetails({ operator }: InvoiceDocument, t: Labels): string[] {
  const address = operator.address ? operator.address.split(/\r?\n/).filter((l) => l.trim() !== '') : [];
  const taxId = operator.taxId ? [`${t.taxId}${t.colon}${operator.taxId}`] : [];
  const email = operator.email ? [operator.email] : [];
  return [...address, ...taxId, ...email];
}

function lineView(line: InvoiceLine, { invoice }: InvoiceDocument, t: Labels): LineView {
  const unit = Object.prototype.hasOwnProperty.call(t.units, line.unit) ? t.units[line.unit] : line.unit;
  return {
    description: line.description,
    quantity: unit === null ? '' : `${formatQuantity(line.quantity, invoice.locale)} ${unit ?? ''}`.trim(),
    unitPrice: line.unitPrice,
    amount: formatAmount(line.amountNanos, invoice.currency, invoice.locale, 'exact'),
  };
}

/**
 * Subtotal, tax and rounding are exact, like the lines, so the eye can add them up to the total;
 * the total and the payment rows are whole coins.
 */
function summaryRows({ invoice }: InvoiceDocument, t: Labels): (Row & { strong: boolean })[] {
  const exact = (nanos: bigint) => formatAmount(nanos, invoice.currency, invoice.locale, 'exact');
  const coin = (nanos: bigint) => formatAmount(nanos, invoice.currency, invoice.locale, 'coin');
  return [
    { label: t.subtotal, value: exact(invoice.subtotalNanos), strong: false },
    { label: t.tax(formatTaxRate(invoice.taxRateBps)), value: exact(invoice.taxNanos), strong: false },
    ...(invoice.roundingNanos !== 0n ? [{ label: t.rounding, value: exact(invoice.roundingNanos), strong: false }] : []),
    { label: t.total, value: coin(invoice.totalNanos), strong: true },
    { label: t.amountDue, value: coin(invoice.amountDueNanos), strong: true },
    { label: t.amountPaid, value: coin(invoice.amountPaidNanos), strong: false },
  ];
}
