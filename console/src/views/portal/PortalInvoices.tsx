import type { Invoice, List } from '../../api/types.js';
import { InvoiceTable } from '../../components/InvoiceTable.js';
import { Loadable } from '../../components/Loadable.js';
import { Page } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useGet } from '../../lib/useResource.js';

export function PortalInvoices() {
  const { t } = useI18n();
  const invoices = useGet<List<Invoice>>('/portal/v1/invoices', { limit: 200 });
  return (
    <Page title={t('invoices.title')}>
      <Loadable resource={invoices} what={t('invoices.title')}>
        {(data) => <InvoiceTable invoices={data.data} base="/portal/invoices" pdfBase="/portal/v1/invoices" />}
      </Loadable>
    </Page>
  );
}
