import { useState } from 'react';
import { Loadable } from '../../components/Loadable.js';
import { MonthField } from '../../components/MonthField.js';
import { Page, Section } from '../../components/Page.js';
import { type Resolve, ReportView } from '../../components/ReportView.js';
import { AlertList, type AlertItem } from '../../components/AlertList.js';
import type { List } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useCustomerNames } from '../../lib/useCustomerNames.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { monthKey } from '../../lib/dates.js';
import { useGet } from '../../lib/useResource.js';

/** SaaS metrics of a month, cash flow, and every open alert. */
export function Finance() {
  const { t } = useI18n();
  const [month, setMonth] = useState(() => monthKey(Date.now()));
  const saas = useGet<unknown>('/admin/v1/reports/saas', { month });
  const cash = useGet<unknown>('/admin/v1/reports/cash');
  const alerts = useGet<List<AlertItem>>('/admin/v1/alerts');
  const { nameOf } = useCustomerNames();
  const resolve: Resolve = (name, value) => (name === 'customerId' && typeof value === 'string' ? <Link to={`/customers/${value}`}>{nameOf(value)}</Link> : undefined);
  return (
    <Page title={t('finance.title')}>
      <Section title={t('finance.saas')} id="saas" actions={<MonthField label={t('period.month')} value={month} onChange={setMonth} />}>
        <Loadable resource={saas} what={t('finance.saas')}>
          {(data) => <ReportView data={data as never} caption={t('finance.saas')} resolve={resolve} />}
        </Loadable>
      </Section>
      <Section title={t('finance.cash')} id="cash">
        <Loadable resource={cash} what={t('finance.cash')}>
          {(data) => <ReportView data={data as never} caption={t('finance.cash')} />}
        </Loadable>
      </Section>
      <Section title={t('finance.alerts')} id="alerts">
        <Loadable resource={alerts} what={t('finance.alerts')}>
          {(data) => <AlertList alerts={data.data} />}
        </Loadable>
      </Section>
    </Page>
  );
}
