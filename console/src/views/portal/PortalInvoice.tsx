import { useApi } from '../../api/session.js';
import type { Invoice } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { InvoiceView } from '../../components/InvoiceView.js';
import { Loadable } from '../../components/Loadable.js';
import { ErrorNote } from '../../components/Notice.js';
import { Page } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { signOf } from '../../lib/money.js';
import { useAction, useGet } from '../../lib/useResource.js';

/** One of the account's invoices; another account's invoice is simply not found. */
export function PortalInvoice({ id }: { id: string }) {
  const { t } = useI18n();
  const api = useApi();
  const invoice = useGet<Invoice>(`/portal/v1/invoices/${encodeURIComponent(id)}`);
  const pay = useAction(async () => {
    const { url } = await api.post<{ url: string }>(`/portal/v1/invoices/${encodeURIComponent(id)}/pay`);
    window.location.assign(url);
  });
  const title = invoice.status === 'ready' ? t('invoices.titleNumbered', { number: invoice.data.number ?? '' }) : t('invoices.one');
  return (
    <Page title={title}>
      <p>
        <Link to="/portal/invoices">← {t('invoices.back')}</Link>
      </p>
      <Loadable resource={invoice} what={t('invoices.one')}>
        {(data) => (
          <>
            <InvoiceView invoice={data} pdfHref={`/portal/v1/invoices/${encodeURIComponent(data.id)}/pdf`} />
            {data.status === 'finalized' && signOf(data.amountDue) > 0 ? (
              <button type="button" className="button" disabled={pay.busy} onClick={() => void pay.run()}>
                {t('invoices.payByCard')}
              </button>
            ) : null}
            {pay.error ? <ErrorNote error={pay.error} /> : null}
          </>
        )}
      </Loadable>
    </Page>
  );
}
