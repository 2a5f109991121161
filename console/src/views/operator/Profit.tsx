import type { ProfitGroup, ProfitReport, ProfitRow, ProfitTotals } from '../../api/types.js';
import { Stat, StatGrid } from '../../components/Stat.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { Chart } from '../../components/Chart.js';
import { DataTable } from '../../components/DataTable.js';
import { Loadable } from '../../components/Loadable.js';
import { Money, Percent } from '../../components/Money.js';
import { Page, Section } from '../../components/Page.js';
import { PeriodSelect, usePeriod, usePeriodDays } from '../../components/PeriodSelect.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { MessageKey } from '../../i18n/en.js';
import { palette, seriesChart } from '../../lib/chartOptions.js';
import { formatCount, formatDecimal, formatMoney, signOf } from '../../lib/money.js';
import { useGet } from '../../lib/useResource.js';

const groups: { value: ProfitGroup; label: MessageKey }[] = [
  { value: 'customer', label: 'profit.byCustomer' },
  { value: 'model', label: 'profit.byModel' },
  { value: 'plan', label: 'profit.byPlan' },
  { value: 'upstream', label: 'profit.byUpstream' },
  { value: 'key', label: 'profit.byKey' },
];

/** Where the money is made and lost, biggest losers first, each row leading to its usage events. */
export function Profit() {
  const { t } = useI18n();
  const { path, query } = useLocation();
  const groupBy = (groups.find((g) => g.value === query.get('groupBy'))?.value ?? 'customer') as ProfitGroup;
  const days = usePeriodDays();
  const period = usePeriod(days);
  const report = useGet<ProfitReport>('/admin/v1/reports/profit', { groupBy, fromMs: period.fromMs, toMs: period.toMs });
  return (
    <Page title={t('profit.title')} actions={<PeriodSelect days={days} />}>
      <div className="segmented" role="group" aria-label={t('profit.groupBy')}>
        {groups.map((group) => (
          <button key={group.value} type="button" aria-pressed={group.value === groupBy} onClick={() => navigate(path, { ...Object.fromEntries(query), groupBy: group.value }, { replace: true })}>
            {t(group.label)}
          </button>
        ))}
      </div>
      <Loadable resource={report} what={t('profit.title')}>
        {(data) => (
          <>
            {data.totals ? <Totals totals={data.totals} currency={data.currency} /> : null}
            <ProfitBody rows={data.rows} currency={data.currency} groupBy={groupBy} period={period} />
          </>
        )}
      </Loadable>
    </Page>
  );
}

function drillDown(groupBy: ProfitGroup, row: ProfitRow, period: { fromMs: number; toMs: number }): { to: string; query: Record<string, string | number> } {
  const range = { fromMs: period.fromMs, toMs: period.toMs };
  switch (groupBy) {
    case 'customer':
      return { to: '/usage', query: { customerId: row.key, ...range } };
    case 'key':
      return { to: '/usage', query: { keyId: row.key, ...range } };
    case 'model':
      return { to: '/usage', query: { model: row.key, ...range } };
    case 'upstream':
      return { to: '/usage', query: { upstreamId: row.key, ...range } };
    case 'plan':
      return { to: '/plans', query: {} };
  }
}

function ProfitBody({ rows, currency, groupBy, period }: { rows: ProfitRow[]; currency: string | undefined; groupBy: ProfitGroup; period: { fromMs: number; toMs: number } }) {
  const { t, locale } = useI18n();
  const money = (row: ProfitRow) => row.currency ?? currency;
  const chartRows = rows.slice(0, 12);
  const format = (value: string | number) => (currency ? formatMoney(String(value), currency, locale) : formatDecimal(String(value), locale));
  return (
    <>
      {chartRows.length > 0 ? (
        <Section title={t('profit.marginChart')}>
          <Chart
            label={t('profit.marginChartLabel')}
            option={seriesChart({
              categories: chartRows.map((row) => row.name || row.key),
              format,
              series: [
                { name: t('metric.revenue'), kind: 'bar', values: chartRows.map((row) => row.revenue), color: palette.revenue },
                { name: t('metric.cost'), kind: 'bar', values: chartRows.map((row) => row.cost), color: palette.cost },
                { name: t('metric.margin'), kind: 'bar', values: chartRows.map((row) => row.margin), color: palette.margin },
              ],
            })}
          />
        </Section>
      ) : null}
      <Section title={t('profit.table')}>
        <DataTable
          caption={t('profit.table')}
          empty={t('profit.empty')}
          rows={rows}
          rowKey={(row) => row.key}
          columns={[
            {
              header: t(groups.find((g) => g.value === groupBy)!.label),
              rowHeader: true,
              cell: (row) => {
                const target = drillDown(groupBy, row, period);
                return (
                  <Link to={target.to} query={target.query} title={t('profit.drillDown')}>
                    {row.name || row.key}
                  </Link>
                );
              },
            },
            { header: t('metric.revenue'), align: 'end', cell: (row) => <Money amount={row.revenue} currency={money(row)} /> },
            { header: t('metric.cost'), align: 'end', cell: (row) => <Money amount={row.cost} currency={money(row)} /> },
            { header: t('metric.margin'), align: 'end', cell: (row) => <Money amount={row.margin} currency={money(row)} signed /> },
            { header: t('metric.marginPct'), align: 'end', cell: (row) => <Percent points={row.marginPct} /> },
            { header: t('metric.requests'), align: 'end', cell: (row) => formatCount(row.requests, locale) },
            { header: t('metric.tokens'), align: 'end', cell: (row) => formatCount(row.tokens, locale) },
          ]}
        />
      </Section>
    </>
  );
}

function Totals({ totals, currency }: { totals: ProfitTotals; currency: string | undefined }) {
  const { t } = useI18n();
  return (
    <StatGrid label={t('profit.totals')}>
      <Stat label={t('metric.revenue')}>
        <Money amount={totals.revenue} currency={currency} />
      </Stat>
      <Stat label={t('metric.cost')}>
        <Money amount={totals.cost} currency={currency} />
      </Stat>
      <Stat label={t('metric.margin')} hint={<Percent points={totals.marginPct} />}>
        <Money amount={totals.margin} currency={currency} signed />
      </Stat>
      {totals.unattributedRevenue && signOf(totals.unattributedRevenue) !== 0 ? (
        <Stat label={t('profit.unattributedRevenue')}>
          <Money amount={totals.unattributedRevenue} currency={currency} />
        </Stat>
      ) : null}
      {totals.unattributedCost && signOf(totals.unattributedCost) !== 0 ? (
        <Stat label={t('profit.unattributedCost')}>
          <Money amount={totals.unattributedCost} currency={currency} />
        </Stat>
      ) : null}
    </StatGrid>
  );
}
