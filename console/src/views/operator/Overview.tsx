import type { Overview as OverviewData } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { AlertList } from '../../components/AlertList.js';
import { Chart } from '../../components/Chart.js';
import { Loadable } from '../../components/Loadable.js';
import { Money, Percent } from '../../components/Money.js';
import { Empty } from '../../components/Notice.js';
import { Page, Section } from '../../components/Page.js';
import { PeriodSelect, usePeriod, usePeriodDays } from '../../components/PeriodSelect.js';
import { Stat, StatGrid } from '../../components/Stat.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { palette, seriesChart } from '../../lib/chartOptions.js';
import { formatDay, utcDaysBetween } from '../../lib/dates.js';
import { formatCount, formatMoney } from '../../lib/money.js';
import { useGet } from '../../lib/useResource.js';

/** Is the business making money: revenue against cost, recurring revenue, cash and runway, what is wrong. */
export function Overview() {
  const { t } = useI18n();
  const days = usePeriodDays();
  const period = usePeriod(days);
  const overview = useGet<OverviewData>('/admin/v1/reports/overview', { fromMs: period.fromMs, toMs: period.toMs });
  return (
    <Page
      title={t('overview.title')}
      actions={
        <>
          <PeriodSelect days={days} />
          <button type="button" className="button secondary" onClick={period.refresh}>
            {t('action.refresh')}
          </button>
        </>
      }
    >
      <Loadable resource={overview} what={t('overview.title')}>
        {(data) => <OverviewBody data={data} fromMs={period.fromMs} toMs={period.toMs} />}
      </Loadable>
    </Page>
  );
}

function OverviewBody({ data, fromMs, toMs }: { data: OverviewData; fromMs: number; toMs: number }) {
  const { t, locale } = useI18n();
  const c = data.currency;
  const format = (value: string | number) => formatMoney(String(value), c, locale);
  // The report lists the days that had money; the chart shows every day of the period, quiet ones at 0.
  const days = utcDaysBetween(data.fromMs ?? fromMs, data.toMs ?? toMs);
  const on = (day: string) => data.series.find((point) => point.day === day);
  const categories = days.map((day) => formatDay(day, locale));
  const values = (pick: (point: OverviewData['series'][number]) => string) => days.map((day) => {
    const point = on(day);
    return point ? pick(point) : '0';
  });
  return (
    <>
      <StatGrid label={t('overview.headline')}>
        <Stat label={t('metric.revenue')} testId="overview-revenue" hint={<>{t('overview.usagePlusSubscriptions', { usage: format(data.usageRevenue), subscriptions: format(data.subscriptionRevenue) })}</>}>
          <Money amount={data.revenue} currency={c} />
        </Stat>
        <Stat label={t('metric.cost')} testId="overview-cost">
          <Money amount={data.cost} currency={c} />
        </Stat>
        <Stat label={t('metric.grossMargin')} testId="overview-margin" hint={<Percent points={data.grossMarginPct} />}>
          <Money amount={data.grossMargin} currency={c} signed />
        </Stat>
        <Stat label={t('metric.mrr')} testId="overview-mrr" hint={<>{t('metric.arr')}: {format(data.arr)}</>}>
          <Money amount={data.mrr} currency={c} />
        </Stat>
        <Stat label={t('metric.activeCustomers')} testId="overview-customers">
          {formatCount(data.activeCustomers, locale)}
        </Stat>
        <Stat label={t('metric.cash')} testId="overview-cash" hint={<>{t('metric.netBurn')}: {format(data.netBurn)}</>}>
          <Money amount={data.cash} currency={c} />
        </Stat>
        <Stat label={t('metric.runway')} testId="overview-runway">
          {data.runwayMonths === null || data.runwayMonths === undefined ? t('overview.notBurning') : t('overview.months', { months: formatCount(data.runwayMonths, locale) })}
        </Stat>
        <Stat label={t('metric.promotionalUsage')} testId="overview-promotional">
          <Money amount={data.promotionalUsage} currency={c} />
        </Stat>
      </StatGrid>

      <Section title={t('overview.trend')}>
        {data.series.length === 0 ? (
          <Empty>{t('overview.noSeries')}</Empty>
        ) : (
          <div className="chart-grid">
            <Chart
              label={t('overview.trendLabel')}
              option={seriesChart({
                categories,
                format,
                series: [
                  { name: t('metric.revenue'), kind: 'line', values: values((p) => p.revenue), color: palette.revenue, area: true },
                  { name: t('metric.cost'), kind: 'line', values: values((p) => p.cost), color: palette.cost },
                ],
              })}
            />
            <Chart
              label={t('overview.marginLabel')}
              option={seriesChart({ categories, format, series: [{ name: t('metric.grossMargin'), kind: 'bar', values: values((p) => p.margin), color: palette.margin }] })}
            />
          </div>
        )}
      </Section>

      <Section title={t('overview.alerts')}>
        <AlertList alerts={data.alerts} />
        <p>
          <Link to="/profit">{t('overview.seeProfit')}</Link>
        </p>
      </Section>
    </>
  );
}
