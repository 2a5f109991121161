import { useState } from 'react';
import { Chart } from '../../components/Chart.js';
import { SelectField } from '../../components/Field.js';
import { Loadable } from '../../components/Loadable.js';
import { Page, Section } from '../../components/Page.js';
import { Empty } from '../../components/Notice.js';
import { Stat, StatGrid } from '../../components/Stat.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { MessageKey } from '../../i18n/en.js';
import { bandChart } from '../../lib/chartOptions.js';
import { formatDay } from '../../lib/dates.js';
import { readForecast } from '../../lib/forecastShape.js';
import { formatCount, formatMoney } from '../../lib/money.js';
import { useGet } from '../../lib/useResource.js';
import { BreakEven } from './BreakEven.js';
import { CreditRunway } from './CreditRunway.js';

const seriesChoices: { value: string; label: MessageKey }[] = [
  { value: 'revenue', label: 'forecast.revenue' },
  { value: 'cost', label: 'forecast.cost' },
  { value: 'usage', label: 'forecast.usage' },
];
const horizons = [14, 30, 90];

/** Where revenue, cost and usage are heading, when the business breaks even under a scenario, and when customers' credit runs out. */
export function Forecasts() {
  const { t } = useI18n();
  const [series, setSeries] = useState('revenue');
  const [horizonDays, setHorizonDays] = useState('30');
  const forecast = useGet<unknown>('/admin/v1/reports/forecast', { series, horizonDays });
  return (
    <Page title={t('forecast.title')}>
      <Section
        title={t('forecast.series')}
        id="forecast"
        actions={
          <>
            <SelectField label={t('forecast.what')} value={series} onChange={setSeries} options={seriesChoices.map((s) => ({ value: s.value, label: t(s.label) }))} />
            <SelectField label={t('forecast.horizon')} value={horizonDays} onChange={setHorizonDays} options={horizons.map((h) => ({ value: String(h), label: t('forecast.days', { days: h }) }))} />
          </>
        }
      >
        <Loadable resource={forecast} what={t('forecast.series')}>
          {(data) => <ForecastChart raw={data} series={series} />}
        </Loadable>
      </Section>
      <BreakEven />
      <CreditRunway />
    </Page>
  );
}

function ForecastChart({ raw, series }: { raw: unknown; series: string }) {
  const { t, locale } = useI18n();
  const data = readForecast(raw);
  const points = [...data.history, ...data.forecast];
  if (data.forecast.length === 0) return <Empty>{t('forecast.noHistory')}</Empty>;
  const historyLength = data.history.length;
  const format = (value: string | number) => (series !== 'usage' && data.currency ? formatMoney(String(value), data.currency, locale) : formatCount(typeof value === 'number' ? Math.round(value * 100) / 100 : value, locale));
  return (
    <>
      <StatGrid label={t('forecast.series')}>
        <Stat label={t('forecast.method')}>{data.method ?? '—'}</Stat>
        <Stat label={t('forecast.mape')}>{data.mape === null ? '—' : `${formatCount(Math.round(data.mape * 10) / 10, locale)}%`}</Stat>
      </StatGrid>
      <Chart
        label={t('forecast.chartLabel')}
        height={320}
        option={bandChart({
          categories: points.map((p) => (/^\d{4}-\d{2}-\d{2}$/.test(p.t) ? formatDay(p.t, locale) : p.t)),
          actual: points.map((p, i) => (i < historyLength ? p.value : null)),
          forecast: points.map((p, i) => (i >= historyLength ? p.value : i === historyLength - 1 ? p.value : null)),
          lower: points.map((p) => p.lower ?? null),
          upper: points.map((p) => p.upper ?? null),
          names: { actual: t('forecast.actual'), forecast: t('forecast.projected'), band: t('forecast.band') },
          format,
        })}
      />
    </>
  );
}
