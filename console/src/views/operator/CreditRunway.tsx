import { Link } from '../../app/router.js';
import { DataTable } from '../../components/DataTable.js';
import { Loadable } from '../../components/Loadable.js';
import { Money } from '../../components/Money.js';
import { Section } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatIsoDate } from '../../lib/dates.js';
import { formatCount } from '../../lib/money.js';
import { useGet } from '../../lib/useResource.js';

interface Runway {
  customerId: string;
  name: string;
  currency: string;
  balance: string;
  spendPerDay: string;
  runOutDate: string | null;
  remainingDays: number | null;
  method: string;
}

/** Prepaid customers whose credit runs out soonest: the ones to call before their requests are refused. */
export function CreditRunway() {
  const { t, locale } = useI18n();
  const report = useGet<{ data: Runway[] } | Runway[]>('/admin/v1/reports/credit-runway');
  return (
    <Section title={t('forecast.creditRunway')} id="credit-runway">
      <Loadable resource={report} what={t('forecast.creditRunway')}>
        {(data) => (
          <DataTable
            caption={t('forecast.creditRunway')}
            empty={t('runway.empty')}
            rows={Array.isArray(data) ? data : data.data}
            rowKey={(r) => r.customerId}
            columns={[
              { header: t('usage.customer'), rowHeader: true, cell: (r) => <Link to={`/customers/${r.customerId}`}>{r.name}</Link> },
              { header: t('runway.balance'), align: 'end', cell: (r) => <Money amount={r.balance} currency={r.currency} /> },
              { header: t('runway.spendPerDay'), align: 'end', cell: (r) => <Money amount={r.spendPerDay} currency={r.currency} /> },
              { header: t('runway.runsOut'), cell: (r) => (r.runOutDate ? formatIsoDate(r.runOutDate, locale) : t('runway.notSoon')) },
              { header: t('runway.daysLeft'), align: 'end', cell: (r) => (r.remainingDays === null ? '—' : formatCount(r.remainingDays, locale)) },
            ]}
          />
        )}
      </Loadable>
    </Section>
  );
}
