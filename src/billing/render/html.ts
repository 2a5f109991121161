import type { InvoiceDocument } from '../types.js';
import { type InvoiceView, type LineView, type Row, buildView } from './view.js';
import { styles } from './html-styles.js';

/** A complete, printable page that fetches nothing: styles inline, the logo as a data URL. */
export function renderInvoiceHtml(doc: InvoiceDocument): string {
  const view = buildView(doc);
  return [
    '<!DOCTYPE html>',
    `<html lang="${view.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`${view.title} ${view.number} — ${view.operator.name}`)}</title>`,
    `<style>${styles}</style>`,
    '</head>',
    '<body>',
    '<main class="invoice">',
    header(view),
    parties(view),
    linesTable(view),
    summary(view.summary),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every string from the data goes through here: customer names can contain markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

function header(view: InvoiceView): string {
  const { logo } = view.operator;
  const image = logo ? `<img class="logo" alt="" src="data:${logo.type};base64,${logo.bytes.toString('base64')}">` : '';
  return `<header>
<div class="operator">${image}<div class="name">${escapeHtml(view.operator.name)}</div>${details(view.operator.details)}</div>
<div class="heading"><h1>${escapeHtml(view.title)}</h1><table class="meta">${view.meta.map(metaRow).join('')}</table></div>
</header>`;
}

function parties(view: InvoiceView): string {
  return `<section class="bill-to"><div class="label">${escapeHtml(view.billTo.label)}</div>` +
    `<div class="name">${escapeHtml(view.billTo.name)}</div>${details(view.billTo.details)}</section>`;
}

function details(lines: string[]): string {
  return lines.map((line) => `<div class="detail">${escapeHtml(line)}</div>`).join('');
}

function metaRow(row: Row): string {
  return `<tr><th>${escapeHtml(row.label)}</th><td>${escapeHtml(row.value)}</td></tr>`;
}

function linesTable(view: InvoiceView): string {
  const head = cells(view.columns, 'th');
  const body = view.lines.map((line) => `<tr>${cells(line, 'td')}</tr>`).join('\n');
  return `<table class="lines">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function cells(line: LineView, tag: 'th' | 'td'): string {
  const columns: [keyof LineView, string][] = [['description', 'desc'], ['quantity', 'num'], ['unitPrice', 'num'], ['amount', 'num']];
  return columns.map(([key, cls]) => `<${tag} class="${cls}">${escapeHtml(line[key])}</${tag}>`).join('');
}

function summary(rows: (Row & { strong: boolean })[]): string {
  const body = rows.map((row) => `<tr${row.strong ? ' class="strong"' : ''}><th>${escapeHtml(row.label)}</th><td>${escapeHtml(row.value)}</td></tr>`);
  return `<table class="summary">\n${body.join('\n')}\n</table>`;
}
