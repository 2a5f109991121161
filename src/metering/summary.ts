import type { Currency } from '../core/money.js';
import type { EntityDimension, RollupRow } from './store.js';

export const summaryDimensions = ['customer', 'key', 'model', 'upstream', 'day', 'hour', 'month'] as const;
export type SummaryDimension = (typeof summaryDimensions)[number];

const entityDimensions: readonly EntityDimension[] = ['customer', 'key', 'model', 'upstream'];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface SummaryRow {
  customerId?: string;
  keyId?: string;
  model?: string;
  upstreamId?: string | null;
  /** Local start of the hour, "2026-03-05T14:00", and its epoch ms. */
  hour?: string;
  hourStartMs?: number;
  day?: string;
  dayStartMs?: number;
  month?: string;
  monthStartMs?: number;
  currency: Currency;
  requests: number;
  failedRequests: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  revenueNanos: bigint;
  costNanos: bigint;
  /** The one currency the cost is in, or null when the row mixes cost currencies. */
  costCurrency: Currency | null;
  /** revenue − cost, only when both are in the same currency. */
  marginNanos: bigint | null;
  avgLatencyMs: number | null;
}

/** "customer,model,day" → the dimensions, without repeats; null when one is unknown. */
export function parseGroupBy(text: string): SummaryDimension[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.some((p) => !(summaryDimensions as readonly string[]).includes(p))) return null;
  return [...new Set(parts as SummaryDimension[])];
}

export function entitiesOf(groupBy: readonly SummaryDimension[]): EntityDimension[] {
  return entityDimensions.filter((d) => groupBy.includes(d));
}

/** The finest time bucket the database groups by: months vary in length, so they are folded from days here. */
export function sqlBucket(groupBy: readonly SummaryDimension[]): 'hour' | 'day' | null {
  if (groupBy.includes('hour')) return 'hour';
  if (groupBy.includes('day') || groupBy.includes('month')) return 'day';
  return null;
}

interface Group {
  keys: Omit<SummaryRow, 'currency' | 'requests' | 'failedRequests' | 'promptTokens' | 'cachedPromptTokens' | 'completionTokens' | 'revenueNanos' | 'costNanos' | 'costCurrency' | 'marginNanos' | 'avgLatencyMs'>;
  sortMs: number;
  currency: Currency;
  sums: Omit<RollupRow, 'bucketStartMs' | 'customerId' | 'keyId' | 'model' | 'upstreamId' | 'currency'>;
  costCurrencies: Set<Currency>;
}

/**
 * Folds rollup rows (grouped per upstream and by the finest time bucket) into the rows asked for.
 * An upstream without cost cards costs nothing, in any currency; one whose cards were ever in
 * another currency than the row's makes the row's margin unknowable from the rollup.
 */
export function foldRollup(rows: readonly RollupRow[], groupBy: readonly SummaryDimension[], utcOffsetMinutes: number, cardCurrencies: Map<string, Set<Currency>>): SummaryRow[] {
  const bucket = sqlBucket(groupBy);
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const { keys, sortMs } = groupKeys(row, groupBy, bucket, utcOffsetMinutes);
    const id = JSON.stringify([keys, row.currency]);
    let group = groups.get(id);
    if (!group) {
      group = { keys, sortMs, currency: row.currency, sums: zeroSums(), costCurrencies: new Set() };
      groups.set(id, group);
    }
    addSums(group.sums, row);
    for (const currency of cardCurrencies.get(row.upstreamId ?? '') ?? []) group.costCurrencies.add(currency);
  }
  return [...groups.values()].sort(compareGroups).map(finish);
}

function groupKeys(row: RollupRow, groupBy: readonly SummaryDimension[], bucket: 'hour' | 'day' | null, offsetMinutes: number): { keys: Group['keys']; sortMs: number } {
  const keys: Group['keys'] = {};
  if (groupBy.includes('customer')) keys.customerId = row.customerId ?? '';
  if (groupBy.includes('key')) keys.keyId = row.keyId ?? '';
  if (groupBy.includes('model')) keys.model = row.model ?? '';
  if (groupBy.includes('upstream')) keys.upstreamId = row.upstreamId;
  if (bucket === null || row.bucketStartMs === null) return { keys, sortMs: 0 };
  const offsetMs = offsetMinutes * MINUTE_MS;
  const dayStartMs = bucket === 'day' ? row.bucketStartMs : Math.floor((row.bucketStartMs + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
  const local = (ms: number) => new Date(ms + offsetMs).toISOString();
  if (groupBy.includes('hour')) Object.assign(keys, { hour: local(row.bucketStartMs).slice(0, 16), hourStartMs: row.bucketStartMs });
  if (groupBy.includes('day')) Object.assign(keys, { day: local(dayStartMs).slice(0, 10), dayStartMs });
  if (groupBy.includes('month')) {
    const day = new Date(dayStartMs + offsetMs);
    Object.assign(keys, { month: local(dayStartMs).slice(0, 7), monthStartMs: Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1) - offsetMs });
  }
  return { keys, sortMs: keys.hourStartMs ?? keys.dayStartMs ?? keys.monthStartMs ?? 0 };
}

function zeroSums(): Group['sums'] {
  return { requests: 0n, failedRequests: 0n, promptTokens: 0n, cachedPromptTokens: 0n, completionTokens: 0n, revenueNanos: 0n, costNanos: 0n, latencyMsSum: 0n };
}

function addSums(sums: Group['sums'], row: RollupRow): void {
  for (const field of Object.keys(sums) as (keyof Group['sums'])[]) sums[field] += row[field];
}

function compareGroups(a: Group, b: Group): number {
  if (a.sortMs !== b.sortMs) return a.sortMs - b.sortMs;
  const text = (g: Group) => [g.keys.customerId, g.keys.keyId, g.keys.model, g.keys.upstreamId, g.currency].map((v) => v ?? '').join('\u0000');
  const [x, y] = [text(a), text(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function finish(group: Group): SummaryRow {
  const { sums, currency } = group;
  const costCurrency = group.costCurrencies.size === 0 ? currency : group.costCurrencies.size === 1 ? [...group.costCurrencies][0]! : null;
  const count = sums.requests + sums.failedRequests;
  return {
    ...group.keys,
    currency,
    requests: Number(sums.requests),
    failedRequests: Number(sums.failedRequests),
    promptTokens: Number(sums.promptTokens),
    cachedPromptTokens: Number(sums.cachedPromptTokens),
    completionTokens: Number(sums.completionTokens),
    revenueNanos: sums.revenueNanos,
    costNanos: sums.costNanos,
    costCurrency,
    marginNanos: costCurrency === currency ? sums.revenueNanos - sums.costNanos : null,
    avgLatencyMs: count === 0n ? null : Math.round(Number(sums.latencyMsSum) / Number(count)),
  };
}
