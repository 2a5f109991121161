import type { Invoice } from '../api/types.js';
import { Link } from '../app/router.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatDate } from '../lib/dates.js';
import { Badge } from './Badge.js';
import { type Column, DataTable } from './DataTable.js';
import { Money } from './Money.js';

/** Invoices with a link to each and its PDF. `base` is where an invoice's page lives, `pdfBase` the API that renders it. */
export function InvoiceTable({ invoices, base, pdfBase, customerName }: { invoices: Invoice[]; base: string; pdfBase: string; customerName?(id: string): string }) {
  const { t, locale, word } = useI18n();
  const columns: Column<Invoice>[] = [
    { header: t('invoices.number'), rowHeader: true, cell: (i) => <Link to={`${base}/${i.id}`}>{i.number ?? t('invoices.draft')}</Link> },
    { header: t('invoices.kind'), cell: (i) => word('invoiceKind', i.kind) },
  ];
  if (customerName) columns.push({ header: t('invoices.customer'), cell: (i) => customerName(i.customerId) });
  columns.push(
    { header: t('invoices.period'), cell: (i) => `${formatDate(i.periodStartMs, locale)} – ${formatDate(i.periodEndMs, locale)}` },
    { header: t('invoices.total'), align: 'end', cell: (i) => <Money amount={i.total} currency={i.currency} /> },
    { header: t('invoices.amountDue'), align: 'end', cell: (i) => <Money amount={i.amountDue} currency={i.currency} /> },
    { header: t('invoices.status'), cell: (i) => <Badge status={i.status} /> },
    {
      header: t('invoices.pdf'),
      cell: (i) => (
        <a className="button small secondary" href={`${pdfBase}/${encodeURIComponent(i.id)}/pdf`} download={`${i.number ?? i.id}.pdf`} aria-label={t('invoices.downloadNamed', { number: i.number ?? i.id })}>
          {t('invoices.download')}
        </a>
      ),
    },
  );
  return <DataTable caption={t('invoices.list')} empty={t('invoices.empty')} rows={invoices} rowKey={(i) => i.id} columns={columns} />;
}
