import type { List, UsageEvent, UsageSummaryRow } from '../../api/types.js';
import { Chart } from '../../components/Chart.js';
import { DataTable } from '../../components/DataTable.js';
import { Loadable } from '../../components/Loadable.js';
import { Money } from '../../components/Money.js';
import { Empty } from '../../components/Notice.js';
import { Page, Section } from '../../components/Page.js';
import { PeriodSelect, usePeriod, usePeriodDays } from '../../components/PeriodSelect.js';
import { UsageTable } from '../../components/UsageTable.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { seriesChart } from '../../lib/chartOptions.js';
import { daysBetween, formatDay } from '../../lib/dates.js';
import { formatCount, formatMoney } from '../../lib/money.js';
import { useGet } from '../../lib/useResource.js';

/**
 * Spend by model and day (a stacked chart), totals by model, and the latest requests. Both
 * sums come from the server: the console never adds money up itself.
 */
export function PortalUsage() {
  const { t } = useI18n();
  const days = usePeriodDays();
  const period = usePeriod(days);
  const range = { fromMs: period.fromMs, toMs: period.toMs, utcOffsetMinutes: -new Date().getTimezoneOffset() };
  const byModelDay = useGet<List<UsageSummaryRow>>('/portal/v1/usage/summary', { groupBy: 'model,day', ...range });
  const byModel = useGet<List<UsageSummaryRow>>('/portal/v1/usage/summary', { groupBy: 'model', ...range });
  const events = useGet<List<UsageEvent>>('/portal/v1/usage', { limit: 25 });
  const refresh = () => {
    period.refresh();
    events.reload();
  };
  return (
    <Page
      title={t('portal.usageTitle')}
      actions={
        <>
          <PeriodSelect days={days} />
          <button type="button" className="button secondary" onClick={refresh}>
            {t('action.refresh')}
          </button>
        </>
      }
    >
      <Section title={t('portal.spendByDay')}>
        <Loadable resource={byModelDay} what={t('portal.spendByDay')}>
          {(data) => <SpendChart rows={data.data} days={daysBetween(period.fromMs, period.toMs)} />}
        </Loadable>
      </Section>
      <Section title={t('portal.byModel')}>
        <Loadable resource={byModel} what={t('portal.byModel')}>
          {(data) => <ModelTable rows={data.data} />}
        </Loadable>
      </Section>
      <Section title={t('usage.recent')}>
        <Loadable resource={events} what={t('usage.recent')}>
          {(data) => <UsageTable events={data.data} showCost={false} />}
        </Loadable>
      </Section>
    </Page>
  );
}

function SpendChart({ rows, days }: { rows: UsageSummaryRow[]; days: string[] }) {
  const { t, locale } = useI18n();
  if (rows.length === 0) return <Empty>{t('portal.noUsage')}</Empty>;
  const models = [...new Set(rows.map((r) => r.model ?? '—'))].sort();
  const amount = (model: string, day: string) => {
    const row = rows.find((r) => (r.model ?? '—') === model && r.day === day);
    return row ? (row.charge ?? row.revenue ?? null) : null;
  };
  const currency = rows[0]!.currency;
  return (
    <Chart
      label={t('portal.spendByDayLabel')}
      option={seriesChart({
        categories: days.map((d) => formatDay(d, locale)),
        format: (value) => formatMoney(String(value), currency, locale),
        series: models.map((model) => ({ name: model, kind: 'bar' as const, stack: 'spend', values: days.map((day) => amount(model, day)) })),
      })}
    />
  );
}

function ModelTable({ rows }: { rows: UsageSummaryRow[] }) {
  const { t, locale } = useI18n();
  return (
    <DataTable
      caption={t('portal.byModel')}
      empty={t('portal.noUsage')}
      rows={rows}
      rowKey={(r) => `${r.model}-${r.currency}`}
      columns={[
        { header: t('usage.model'), rowHeader: true, cell: (r) => r.model ?? '—' },
        { header: t('metric.requests'), align: 'end', cell: (r) => formatCount(r.requests, locale) },
        { header: t('usage.inputTokens'), align: 'end', cell: (r) => formatCount(r.promptTokens, locale) },
        { header: t('usage.outputTokens'), align: 'end', cell: (r) => formatCount(r.completionTokens, locale) },
        { header: t('portal.spend'), align: 'end', cell: (r) => <Money amount={r.charge ?? r.revenue} currency={r.currency} /> },
      ]}
    />
  );
}
