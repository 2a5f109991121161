import type { UsageEvent } from '../api/types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatDateTime } from '../lib/dates.js';
import { formatCount } from '../lib/money.js';
import { Badge } from './Badge.js';
import { type Column, DataTable } from './DataTable.js';
import { Money } from './Money.js';

/** Usage events, one request a row. Operators also see what each request cost them. */
export function UsageTable({ events, showCost, showCustomer, customerName }: { events: UsageEvent[]; showCost: boolean; showCustomer?: boolean; customerName?(id: string): string }) {
  const { t, locale } = useI18n();
  const columns: Column<UsageEvent>[] = [
    { header: t('usage.time'), cell: (e) => formatDateTime(e.startedAtMs, locale) },
    { header: t('usage.requestId'), rowHeader: true, cell: (e) => <code className="id">{e.requestId}</code> },
  ];
  if (showCustomer) columns.push({ header: t('usage.customer'), cell: (e) => (e.customerId ? (customerName?.(e.customerId) ?? e.customerId) : '—') });
  columns.push(
    { header: t('usage.model'), cell: (e) => e.model },
    { header: t('usage.inputTokens'), align: 'end', cell: (e) => formatCount(e.promptTokens, locale) },
    { header: t('usage.outputTokens'), align: 'end', cell: (e) => formatCount(e.completionTokens, locale) },
    { header: showCost ? t('metric.revenue') : t('usage.charge'), align: 'end', cell: (e) => <Money amount={e.revenue ?? e.charge} currency={e.currency} /> },
  );
  if (showCost) columns.push({ header: t('metric.cost'), align: 'end', cell: (e) => <Money amount={e.cost} currency={e.costCurrency} /> });
  columns.push({ header: t('usage.outcome'), cell: (e) => <Badge status={e.outcome} /> });
  return <DataTable caption={t('usage.events')} empty={t('usage.empty')} rows={events} rowKey={(e) => e.requestId} columns={columns} />;
}
