import type { List, Model, UsageEvent, UsageSummaryRow } from '../../api/types.js';
import { useCustomerNames } from '../../lib/useCustomerNames.js';
import { navigate, useLocation } from '../../app/router.js';
import { Chart } from '../../components/Chart.js';
import { SelectField } from '../../components/Field.js';
import { Loadable } from '../../components/Loadable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { Page, Section } from '../../components/Page.js';
import { UsageTable } from '../../components/UsageTable.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { palette, seriesChart } from '../../lib/chartOptions.js';
import { daysBetween, formatDateTime, formatDay } from '../../lib/dates.js';
import { formatMoney } from '../../lib/money.js';
import { usePaged } from '../../lib/usePaged.js';
import { useGet } from '../../lib/useResource.js';

const filterNames = ['customerId', 'keyId', 'model', 'upstreamId', 'outcome', 'fromMs', 'toMs'] as const;

/** Usage events with the filters a profit row drills down with, and their daily sums. */
export function Usage() {
  const { t } = useI18n();
  const { path, query } = useLocation();
  const filters = Object.fromEntries(filterNames.map((name) => [name, query.get(name) ?? undefined]));
  const { customers: customerList, nameOf } = useCustomerNames();
  const models = useGet<List<Model>>('/admin/v1/models');
  const events = usePaged<UsageEvent>('/admin/v1/usage', { ...filters, limit: 50 }, { param: 'before', of: (e) => e.requestId });
  const { outcome: _outcome, ...summaryFilters } = filters;
  const summary = useGet<List<UsageSummaryRow>>('/admin/v1/usage/summary', { ...summaryFilters, groupBy: 'day', utcOffsetMinutes: -new Date().getTimezoneOffset() });

  const setFilter = (name: string, value: string) => navigate(path, { ...Object.fromEntries(query), [name]: value || null }, { replace: true });

  return (
    <Page
      title={t('usage.title')}
      actions={
        <button type="button" className="button secondary" onClick={events.first.reload}>
          {t('action.refresh')}
        </button>
      }
    >
      <div className="filters">
        <SelectField label={t('usage.customer')} value={filters.customerId ?? ''} onChange={(v) => setFilter('customerId', v)} options={[{ value: '', label: t('filter.all') }, ...customerList.map((c) => ({ value: c.id, label: c.name }))]} />
        <SelectField
          label={t('usage.model')}
          value={filters.model ?? ''}
          onChange={(v) => setFilter('model', v)}
          options={[{ value: '', label: t('filter.all') }, ...(models.status === 'ready' ? models.data.data.map((m) => ({ value: m.name, label: m.name })) : [])]}
        />
        <SelectField
          label={t('usage.outcome')}
          value={filters.outcome ?? ''}
          onChange={(v) => setFilter('outcome', v)}
          options={[{ value: '', label: t('filter.all') }, ...['completed', 'cut_short', 'failed'].map((o) => ({ value: o, label: t(`status.${o}` as 'status.completed') }))]}
        />
      </div>
      <ActiveFilters keyId={filters.keyId} upstreamId={filters.upstreamId} fromMs={filters.fromMs} toMs={filters.toMs} onClear={(name) => setFilter(name, '')} />

      <Section title={t('usage.byDay')}>
        <Loadable resource={summary} what={t('usage.byDay')}>
          {(data) => <DailyChart rows={data.data} fromMs={filters.fromMs} toMs={filters.toMs} />}
        </Loadable>
      </Section>

      <Section title={t('usage.events')}>
        <Loadable resource={events.first} what={t('usage.events')}>
          {() => (
            <>
              <UsageTable events={events.items} showCost showCustomer customerName={nameOf} />
              <LoadMore paged={events} />
            </>
          )}
        </Loadable>
      </Section>
    </Page>
  );
}

function ActiveFilters(props: { keyId?: string; upstreamId?: string; fromMs?: string; toMs?: string; onClear(name: string): void }) {
  const { t, locale } = useI18n();
  const shown = [
    props.keyId ? { name: 'keyId', label: `${t('usage.key')}: ${props.keyId}` } : null,
    props.upstreamId ? { name: 'upstreamId', label: `${t('usage.upstream')}: ${props.upstreamId}` } : null,
    props.fromMs ? { name: 'fromMs', label: `${t('filter.from')}: ${formatDateTime(Number(props.fromMs), locale)}` } : null,
    props.toMs ? { name: 'toMs', label: `${t('filter.to')}: ${formatDateTime(Number(props.toMs), locale)}` } : null,
  ].filter((f): f is { name: string; label: string } => f !== null);
  if (shown.length === 0) return null;
  return (
    <ul className="chips" aria-label={t('filter.active')}>
      {shown.map((f) => (
        <li key={f.name}>
          {f.label}{' '}
          <button type="button" className="chip-clear" aria-label={t('filter.clear', { what: f.label })} onClick={() => props.onClear(f.name)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}


/** Revenue and cost per day; days without usage are drawn as gaps when the period is known. */
function DailyChart({ rows, fromMs, toMs }: { rows: UsageSummaryRow[]; fromMs?: string; toMs?: string }) {
  const { t, locale } = useI18n();
  if (rows.length === 0) return null;
  const days = fromMs && toMs ? daysBetween(Number(fromMs), Number(toMs)) : rows.map((row) => row.day ?? '');
  const on = (day: string) => rows.find((row) => row.day === day);
  return (
    <Chart
      label={t('usage.byDayLabel')}
      option={seriesChart({
        categories: days.map((day) => formatDay(day, locale)),
        format: (value) => formatMoney(String(value), rows[0]!.currency, locale),
        series: [
          { name: t('metric.revenue'), kind: 'bar', values: days.map((day) => on(day)?.revenue ?? '0'), color: palette.revenue },
          { name: t('metric.cost'), kind: 'bar', values: days.map((day) => on(day)?.cost ?? '0'), color: palette.cost },
        ],
      })}
    />
  );
}
