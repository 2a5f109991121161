import { useApi, useOperatorRights } from '../../api/session.js';
import type { Customer, Invoice } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { InvoiceView } from '../../components/InvoiceView.js';
import { Loadable } from '../../components/Loadable.js';
import { ErrorNote } from '../../components/Notice.js';
import { Page } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useAction, useGet } from '../../lib/useResource.js';

export function InvoiceDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const api = useApi();
  const rights = useOperatorRights();
  const invoice = useGet<Invoice>(`/admin/v1/invoices/${encodeURIComponent(id)}`);
  const customerId = invoice.status === 'ready' ? invoice.data.customerId : null;
  const customer = useGet<Customer>(customerId ? `/admin/v1/customers/${customerId}` : null);
  const voidIt = useAction(async () => {
    await api.post(`/admin/v1/invoices/${encodeURIComponent(id)}/void`);
    invoice.reload();
  });
  const title = invoice.status === 'ready' ? t('invoices.titleNumbered', { number: invoice.data.number ?? t('invoices.draft') }) : t('invoices.one');
  return (
    <Page title={title}>
      <p>
        <Link to="/invoices">← {t('invoices.back')}</Link>
        {customer.status === 'ready' ? (
          <>
            {' · '}
            <Link to={`/customers/${customer.data.id}`}>{customer.data.name}</Link>
          </>
        ) : null}
      </p>
      <Loadable resource={invoice} what={t('invoices.one')}>
        {(data) => (
          <>
            <InvoiceView invoice={data} pdfHref={`/admin/v1/invoices/${encodeURIComponent(data.id)}/pdf`} />
            {rights.finance && data.status === 'finalized' ? (
              <button type="button" className="button danger-outline" disabled={voidIt.busy} onClick={() => void voidIt.run()}>
                {t('invoices.void')}
              </button>
            ) : null}
            {voidIt.error ? <ErrorNote error={voidIt.error} /> : null}
          </>
        )}
      </Loadable>
    </Page>
  );
}
