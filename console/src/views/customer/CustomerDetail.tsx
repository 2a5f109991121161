import { Fragment, useState } from 'react';
import type { Customer } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { Badge } from '../../components/Badge.js';
import { Loadable } from '../../components/Loadable.js';
import { Page } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useGet } from '../../lib/useResource.js';
import { CustomerInvoices } from './CustomerInvoices.js';
import { CustomerKeys } from './CustomerKeys.js';
import { CustomerLedger } from './CustomerLedger.js';
import { CustomerMembers } from './CustomerMembers.js';
import { CustomerSubscription } from './CustomerSubscription.js';
import { CustomerUsage } from './CustomerUsage.js';
import { CustomerWallet } from './CustomerWallet.js';

export function CustomerDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const customer = useGet<Customer>(`/admin/v1/customers/${encodeURIComponent(id)}`);
  // Every section loads on its own; a refresh remounts them all so balance, ledger and usage agree.
  const [version, setVersion] = useState(0);
  const title = customer.status === 'ready' ? customer.data.name : t('customer.title');
  return (
    <Page
      title={title}
      actions={
        <button type="button" className="button secondary" onClick={() => setVersion((v) => v + 1)}>
          {t('action.refreshAll')}
        </button>
      }
    >
      <p>
        <Link to="/customers">← {t('customer.back')}</Link>
      </p>
      <Loadable resource={customer} what={t('customer.title')}>
        {(data) => (
          <Fragment key={version}>
            <p className="facts">
              <Badge status={data.status} /> <span>{t(data.billingMode === 'prepaid' ? 'customers.prepaid' : 'customers.postpaid')}</span>
              <span>{data.currency}</span>
              {data.ref ? <code className="id">{data.ref}</code> : null}
              {data.email ? <span>{data.email}</span> : null}
              <code className="id">{data.id}</code>
            </p>
            <CustomerWallet customer={data} onCustomerChanged={customer.reload} />
            <CustomerKeys customer={data} />
            <CustomerSubscription customer={data} />
            <CustomerUsage customer={data} />
            <CustomerInvoices customer={data} />
            <CustomerLedger customer={data} />
            <CustomerMembers customer={data} />
          </Fragment>
        )}
      </Loadable>
    </Page>
  );
}
