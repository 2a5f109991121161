import type { Invoice } from '../api/types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatDate } from '../lib/dates.js';
import { formatDecimal } from '../lib/money.js';
import { Badge } from './Badge.js';
import { DataTable } from './DataTable.js';
import { Money } from './Money.js';
import { Stat, StatGrid } from './Stat.js';

/** One invoice as its customer would read it: facts, lines, totals, and its PDF. */
export function InvoiceView({ invoice, pdfHref }: { invoice: Invoice; pdfHref: string }) {
  const { t, locale } = useI18n();
  const c = invoice.currency;
  return (
    <>
      <div className="row">
        <a className="button" href={pdfHref} download={`${invoice.number ?? invoice.id}.pdf`}>
          {t('invoices.download')}
        </a>
      </div>
      <StatGrid label={t('invoices.facts')}>
        <Stat label={t('invoices.status')}>
          <Badge status={invoice.status} />
        </Stat>
        <Stat label={t('invoices.period')}>
          {formatDate(invoice.periodStartMs, locale)} – {formatDate(invoice.periodEndMs, locale)}
        </Stat>
        <Stat label={t('invoices.issued')}>{formatDate(invoice.issuedAtMs, locale)}</Stat>
        <Stat label={t('invoices.due')}>{formatDate(invoice.dueAtMs, locale)}</Stat>
        <Stat label={t('invoices.total')} testId="invoice-total">
          <Money amount={invoice.total} currency={c} />
        </Stat>
        <Stat label={t('invoices.amountDue')}>
          <Money amount={invoice.amountDue} currency={c} />
        </Stat>
      </StatGrid>
      <DataTable
        caption={t('invoices.lines')}
        empty={t('invoices.noLines')}
        rows={invoice.lines.map((line, index) => ({ ...line, index }))}
        rowKey={(line) => String(line.index)}
        columns={[
          { header: t('invoices.description'), rowHeader: true, cell: (line) => line.description },
          { header: t('invoices.quantity'), align: 'end', cell: (line) => `${formatDecimal(line.quantity, locale)} ${line.unit}` },
          { header: t('invoices.unitPrice'), align: 'end', cell: (line) => <Money amount={line.unitPrice} currency={c} /> },
          { header: t('invoices.amount'), align: 'end', cell: (line) => <Money amount={line.amount} currency={c} signed /> },
        ]}
      />
      <dl className="totals">
        <div>
          <dt>{t('invoices.subtotal')}</dt>
          <dd>
            <Money amount={invoice.subtotal} currency={c} />
          </dd>
        </div>
        <div>
          <dt>{t('invoices.tax')}</dt>
          <dd>
            <Money amount={invoice.tax} currency={c} />
          </dd>
        </div>
        <div>
          <dt>{t('invoices.total')}</dt>
          <dd>
            <Money amount={invoice.total} currency={c} />
          </dd>
        </div>
        <div>
          <dt>{t('invoices.paid')}</dt>
          <dd>
            <Money amount={invoice.amountPaid} currency={c} />
          </dd>
        </div>
      </dl>
    </>
  );
}
