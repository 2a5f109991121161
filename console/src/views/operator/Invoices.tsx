import type { Invoice, List, Payment } from '../../api/types.js';
import { useCustomerNames } from '../../lib/useCustomerNames.js';
import { navigate, useLocation } from '../../app/router.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { SelectField } from '../../components/Field.js';
import { InvoiceTable } from '../../components/InvoiceTable.js';
import { Loadable } from '../../components/Loadable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { Money } from '../../components/Money.js';
import { Page, Section } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDateTime } from '../../lib/dates.js';
import { usePaged } from '../../lib/usePaged.js';
import { useGet } from '../../lib/useResource.js';

const statuses = ['draft', 'finalized', 'paid', 'void'];

/** Every invoice and credit note, and every payment, cash in by card or bank transfer. */
export function Invoices() {
  const { t, word } = useI18n();
  const { path, query } = useLocation();
  const status = query.get('status') ?? '';
  const { nameOf } = useCustomerNames();
  const invoices = useGet<List<Invoice>>('/admin/v1/invoices', { status, limit: 200 });
  return (
    <Page title={t('nav.invoices')}>
      <Section
        title={t('invoices.list')}
        id="invoices"
        actions={
          <SelectField
            label={t('invoices.status')}
            value={status}
            onChange={(value) => navigate(path, { status: value }, { replace: true })}
            options={[{ value: '', label: t('filter.all') }, ...statuses.map((s) => ({ value: s, label: word('status', s) }))]}
          />
        }
      >
        <Loadable resource={invoices} what={t('invoices.title')}>
          {(data) => <InvoiceTable invoices={data.data} base="/invoices" pdfBase="/admin/v1/invoices" customerName={nameOf} />}
        </Loadable>
      </Section>
      <Payments nameOf={nameOf} />
    </Page>
  );
}

function Payments({ nameOf }: { nameOf(id: string): string }) {
  const { t, locale, word } = useI18n();
  const payments = usePaged<Payment>('/admin/v1/payments', { limit: 100 }, { param: 'after', of: (p) => p.id });
  return (
    <Section title={t('payments.title')} id="payments">
      <Loadable resource={payments.first} what={t('payments.title')}>
        {() => (
          <>
            <DataTable
              caption={t('payments.title')}
              empty={t('payments.empty')}
              rows={payments.items}
              rowKey={(p) => p.id}
              columns={[
                { header: t('payments.when'), cell: (p) => formatDateTime(p.createdAtMs, locale) },
                { header: t('invoices.customer'), rowHeader: true, cell: (p) => nameOf(p.customerId) },
                { header: t('payments.purpose'), cell: (p) => word('purpose', p.purpose) },
                { header: t('payments.provider'), cell: (p) => word('provider', p.provider) },
                { header: t('payments.reference'), cell: (p) => p.reference ?? '—' },
                { header: t('payments.amount'), align: 'end', cell: (p) => <Money amount={p.amount} currency={p.currency} /> },
                { header: t('payments.status'), cell: (p) => <Badge status={p.status} /> },
              ]}
            />
            <LoadMore paged={payments} />
          </>
        )}
      </Loadable>
    </Section>
  );
}
