/**
 * ECharts options built from API data. Amounts are plotted as numbers (a chart needs positions),
 * but every figure a person reads, in the tooltip, is the API's exact string formatted.
 */

export type ChartOption = Record<string, unknown>;

export interface SeriesSpec {
  name: string;
  kind: 'line' | 'bar';
  values: (string | number | null)[];
  color?: string;
  stack?: string;
  area?: boolean;
  dashed?: boolean;
}

export const palette = { revenue: '#2457c5', cost: '#d9822b', margin: '#1f8a5b', loss: '#c23030', neutral: '#6b7280', band: 'rgba(36, 87, 197, 0.15)' };
const extra = ['#7c3aed', '#0e7490', '#b45309', '#be185d', '#4d7c0f', '#1d4ed8', '#9f1239', '#047857'];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function plotted(value: string | number | null): number | null {
  if (value === null) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

interface TooltipParam {
  seriesIndex: number;
  dataIndex: number;
  marker: string;
  seriesName: string;
}

export function seriesChart(input: { categories: string[]; series: SeriesSpec[]; format(value: string | number): string; markCategory?: { at: string; label: string } }): ChartOption {
  const { categories, series, format } = input;
  return {
    aria: { enabled: true },
    animation: false,
    color: series.map((s, i) => s.color ?? extra[i % extra.length]),
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (raw: TooltipParam | TooltipParam[]) => {
        const params = Array.isArray(raw) ? raw : [raw];
        const index = params[0]?.dataIndex ?? 0;
        const lines = params
          .map((p) => {
            const value = series[p.seriesIndex]?.values[p.dataIndex];
            return value === null || value === undefined ? null : `${p.marker} ${escapeHtml(p.seriesName)}: <b>${escapeHtml(format(value))}</b>`;
          })
          .filter(Boolean);
        return [`<b>${escapeHtml(categories[index] ?? '')}</b>`, ...lines].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: categories, boundaryGap: series.some((s) => s.kind === 'bar') },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => compact(value) } },
    series: series.map((s, i) => ({
      name: s.name,
      type: s.kind,
      stack: s.stack,
      data: s.values.map(plotted),
      showSymbol: s.kind === 'line' && categories.length < 15,
      areaStyle: s.area ? { opacity: 0.12 } : undefined,
      lineStyle: s.dashed ? { type: 'dashed' } : undefined,
      barMaxWidth: 28,
      markLine:
        i === 0 && input.markCategory
          ? { symbol: 'none', silent: true, label: { formatter: input.markCategory.label }, lineStyle: { color: palette.margin, type: 'solid' }, data: [{ xAxis: input.markCategory.at }] }
          : undefined,
    })),
  };
}

/** Axis labels only: 12,500 → "12.5K", 0.0000357 → "0.0000357". */
function compact(value: number): string {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 }).format(value);
}

/** A forecast with its uncertainty band: the band is drawn as a stacked area from lower to upper. */
export function bandChart(input: {
  categories: string[];
  actual: (number | string | null)[];
  forecast: (number | string | null)[];
  lower: (number | string | null)[];
  upper: (number | string | null)[];
  names: { actual: string; forecast: string; band: string };
  format(value: string | number): string;
}): ChartOption {
  const base = seriesChart({
    categories: input.categories,
    format: input.format,
    series: [
      { name: input.names.actual, kind: 'line', values: input.actual, color: palette.revenue },
      { name: input.names.forecast, kind: 'line', values: input.forecast, color: palette.revenue, dashed: true },
    ],
  });
  const lower = input.lower.map(plotted);
  const width = input.upper.map((upper, i) => {
    const top = plotted(upper);
    const bottom = lower[i];
    return top === null || bottom === null || bottom === undefined ? null : top - bottom;
  });
  const series = base.series as Record<string, unknown>[];
  series.push(
    { name: input.names.band, type: 'line', stack: 'band', data: lower, lineStyle: { opacity: 0 }, showSymbol: false, silent: true, tooltip: { show: false } },
    { name: input.names.band, type: 'line', stack: 'band', data: width, lineStyle: { opacity: 0 }, showSymbol: false, areaStyle: { color: palette.band }, silent: true, tooltip: { show: false } },
  );
  return { ...base, legend: { top: 0, data: [input.names.actual, input.names.forecast] } };
}
