import { type FormEvent, useState } from 'react';
import { Chart } from '../../components/Chart.js';
import { TextField } from '../../components/Field.js';
import { Loadable } from '../../components/Loadable.js';
import { Section } from '../../components/Page.js';
import { Stat, StatGrid } from '../../components/Stat.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { palette, seriesChart } from '../../lib/chartOptions.js';
import { formatMonth } from '../../lib/dates.js';
import { readBreakEven } from '../../lib/forecastShape.js';
import { formatCount, formatMoney } from '../../lib/money.js';
import { useGet } from '../../lib/useResource.js';

interface Scenario {
  growthPct: string;
  priceChangePct: string;
  costChangePct: string;
  opexGrowthPct: string;
  horizonMonths: string;
}

const initial: Scenario = { growthPct: '10', priceChangePct: '0', costChangePct: '0', opexGrowthPct: '2', horizonMonths: '24' };

/** A what-if: usage growth, a price change, a cost change and opex growth; the server projects, the console draws. */
export function BreakEven() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Scenario>(initial);
  const [applied, setApplied] = useState<Scenario>(initial);
  const report = useGet<unknown>('/admin/v1/reports/break-even', { ...applied });
  const field = (name: keyof Scenario, label: string) => (
    <TextField label={label} value={draft[name]} onChange={(value) => setDraft({ ...draft, [name]: value })} inputMode="decimal" pattern="-?[0-9]+([.][0-9]+)?" required autoComplete="off" />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
  };
  return (
    <Section title={t('breakEven.title')} id="break-even">
      <form className="form-grid" onSubmit={submit} aria-label={t('breakEven.scenario')}>
        {field('growthPct', t('breakEven.growthPct'))}
        {field('priceChangePct', t('breakEven.priceChangePct'))}
        {field('costChangePct', t('breakEven.costChangePct'))}
        {field('opexGrowthPct', t('breakEven.opexGrowthPct'))}
        {field('horizonMonths', t('breakEven.horizonMonths'))}
        <div className="row form-actions">
          <button type="submit" className="button">
            {t('breakEven.run')}
          </button>
        </div>
      </form>
      <Loadable resource={report} what={t('breakEven.title')}>
        {(raw) => <BreakEvenResult raw={raw} />}
      </Loadable>
    </Section>
  );
}

function BreakEvenResult({ raw }: { raw: unknown }) {
  const { t, locale } = useI18n();
  const data = readBreakEven(raw);
  const format = (value: string | number) => (data.currency ? formatMoney(String(value), data.currency, locale) : formatCount(typeof value === 'number' ? Math.round(value * 100) / 100 : value, locale));
  const months = [...data.actuals, ...data.projection].map((p) => formatMonth(p.month, locale));
  const mark = data.breakEvenMonth ? formatMonth(data.breakEvenMonth, locale) : null;
  const pad = (values: (string | number)[], before: boolean) => (before ? [...values, ...data.projection.map(() => null)] : [...data.actuals.map(() => null), ...values]);
  return (
    <>
      <StatGrid label={t('breakEven.title')}>
        <Stat label={t('breakEven.month')} testId="break-even-month">
          {data.breakEvenMonth ? formatMonth(data.breakEvenMonth, locale) : t('breakEven.notWithin')}
        </Stat>
        <Stat label={t('breakEven.cumulativeMonth')}>{data.cumulativeBreakEvenMonth ? formatMonth(data.cumulativeBreakEvenMonth, locale) : t('breakEven.notWithin')}</Stat>
      </StatGrid>
      {months.length > 0 ? (
        <Chart
          label={t('breakEven.chartLabel')}
          height={320}
          option={seriesChart({
            categories: months,
            format,
            markCategory: mark ? { at: mark, label: t('breakEven.month') } : undefined,
            series: [
              { name: t('breakEven.actualProfit'), kind: 'bar', stack: 'profit', values: pad(data.actuals.map((p) => p.profit), true), color: palette.neutral },
              { name: t('breakEven.profit'), kind: 'bar', stack: 'profit', values: pad(data.projection.map((p) => p.profit), false), color: palette.margin },
              { name: t('breakEven.cumulative'), kind: 'line', values: pad(data.projection.map((p) => p.cumulativeProfit), false), color: palette.revenue },
              { name: t('metric.revenue'), kind: 'line', values: [...data.actuals, ...data.projection].map((p) => p.revenue), color: palette.cost, dashed: true },
            ],
          })}
        />
      ) : null}
    </>
  );
}
