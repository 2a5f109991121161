import type { Customer, Invoice, List } from '../../api/types.js';
import { InvoiceTable } from '../../components/InvoiceTable.js';
import { Loadable } from '../../components/Loadable.js';
import { Section } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useGet } from '../../lib/useResource.js';

export function CustomerInvoices({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const invoices = useGet<List<Invoice>>('/admin/v1/invoices', { customerId: customer.id, limit: 100 });
  return (
    <Section title={t('invoices.title')} id="invoices">
      <Loadable resource={invoices} what={t('invoices.title')}>
        {(data) => <InvoiceTable invoices={data.data} base="/invoices" pdfBase="/admin/v1/invoices" />}
      </Loadable>
    </Section>
  );
}
