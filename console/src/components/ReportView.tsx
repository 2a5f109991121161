import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import { type Locale, isMessageKey, translate } from '../i18n/translate.js';
import { formatDateTime, formatDay, formatMonth } from '../lib/dates.js';
import { formatCount, isDecimal } from '../lib/money.js';
import { type Column, DataTable } from './DataTable.js';
import { Money, Percent } from './Money.js';
import { Empty } from './Notice.js';
import { Stat, StatGrid } from './Stat.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const isTable = (value: Json): value is JsonObject[] => Array.isArray(value) && value.every(isObject);
const isScalarList = (value: Json): value is Json[] => Array.isArray(value) && value.every((item) => !isObject(item) && !Array.isArray(item));
/** Shown in a headline cell: a scalar, or a short list of scalars. */
const isFlat = (value: Json) => !isObject(value) && (!Array.isArray(value) || (isScalarList(value) && value.length > 0));

/** camelCase → "camel case", for a field the dictionaries do not name yet. */
export function humanize(key: string): string {
  const words = key.replace(/Ms$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Counts that arrive as decimal strings are not money; these names say so. */
const notMoney = /(count|requests|tokens|customers|months|days|units|gpus|hours|pct|percent|ratio|utili[sz]ation)$/i;

function fieldLabel(locale: Locale, key: string): string {
  const id = `field.${key}`;
  return isMessageKey(id) ? translate(locale, id) : humanize(key);
}

/** A cell the caller shows its own way (a customer id as its name); undefined: the default. */
export type Resolve = (name: string, value: Json) => ReactNode | undefined;

function Value({ name, value, currency, resolve }: { name: string; value: Json; currency: string | null; resolve?: Resolve }) {
  const { locale, t, word } = useI18n();
  const custom = resolve?.(name, value);
  if (custom !== undefined) return <>{custom}</>;
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (Array.isArray(value) && isScalarList(value)) {
    return (
      <>
        {value.map((item, i) => (
          <span key={i}>
            {i > 0 ? ', ' : ''}
            <Value name={name} value={item} currency={currency} resolve={resolve} />
          </span>
        ))}
      </>
    );
  }
  if (typeof value === 'boolean') return <>{value ? t('value.yes') : t('value.no')}</>;
  if (/Pct$|Percent$/.test(name)) return <Percent points={value as string | number} />;
  if (typeof value === 'number') {
    if (/Ms$/.test(name)) return <>{formatDateTime(value, locale)}</>;
    return <>{formatCount(value, locale)}</>;
  }
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return <>{formatDay(value, locale)}</>;
    if (/^\d{4}-\d{2}$/.test(value)) return <>{formatMonth(value, locale)}</>;
    if (isDecimal(value)) return notMoney.test(name) || !currency ? <>{formatCount(value, locale)}</> : <Money amount={value} currency={currency} signed />;
    // Words like "new" or "past_due" under a field name the dictionaries know ("movement.new").
    if (/^[a-z][a-z_]*$/.test(value)) return <>{word(name, value)}</>;
    return <>{value}</>;
  }
  return <code className="small">{JSON.stringify(value)}</code>;
}

function currencyOf(object: JsonObject, inherited: string | null): string | null {
  return typeof object.currency === 'string' ? object.currency : inherited;
}

/**
 * Shows a report the console has no dedicated view for: scalars as headline numbers, lists as
 * tables. Fields are named from the dictionaries (prefix "field."), money recognised as decimal
 * strings next to a currency.
 */
export function ReportView({ data, currency = null, caption, resolve }: { data: Json; currency?: string | null; caption: string; resolve?: Resolve }) {
  const { locale, t } = useI18n();
  if (isTable(data)) return <ReportTable rows={data} currency={currency} caption={caption} resolve={resolve} />;
  if (!isObject(data)) return <Value name="" value={data} currency={currency} resolve={resolve} />;
  const own = currencyOf(data, currency);
  const scalars = Object.entries(data).filter(([key, value]) => key !== 'currency' && key !== 'object' && key !== 'hasMore' && isFlat(value));
  const nested = Object.entries(data).filter(([, value]) => !isFlat(value));
  const blocks: ReactNode[] = [];
  if (scalars.length > 0) {
    blocks.push(
      <StatGrid key="scalars" label={caption}>
        {scalars.map(([key, value]) => (
          <Stat key={key} label={fieldLabel(locale, key)}>
            <Value name={key} value={value} currency={own} resolve={resolve} />
          </Stat>
        ))}
      </StatGrid>,
    );
  }
  for (const [key, value] of nested) {
    const title = fieldLabel(locale, key);
    blocks.push(
      <div key={key} className="report-block">
        <h3>{title}</h3>
        {Array.isArray(value) && value.length === 0 ? <Empty>{t('report.empty')}</Empty> : <ReportView data={value} currency={own} caption={title} resolve={resolve} />}
      </div>,
    );
  }
  return <>{blocks}</>;
}

function ReportTable({ rows, currency, caption, resolve }: { rows: JsonObject[]; currency: string | null; caption: string; resolve?: Resolve }) {
  const { locale } = useI18n();
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) => key !== 'currency' && rows.some((row) => isFlat(row[key] ?? null)));
  const columns: Column<JsonObject>[] = keys.map((key, i) => ({
    header: fieldLabel(locale, key),
    rowHeader: i === 0,
    align: rows.some((row) => typeof row[key] === 'number' || isDecimal(row[key])) ? 'end' : 'start',
    cell: (row) => <Value name={key} value={row[key] ?? null} currency={currencyOf(row, currency)} resolve={resolve} />,
  }));
  return <DataTable caption={caption} empty={caption} rows={rows} rowKey={(row) => JSON.stringify(row)} columns={columns} />;
}
