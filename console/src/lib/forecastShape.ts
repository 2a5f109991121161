/**
 * The forecast and break-even reports, read leniently: points may name their period `t`, `day`
 * or `month`, and values may be numbers or decimal strings.
 */

export interface Point {
  t: string;
  value: number | string | null;
  lower?: number | string | null;
  upper?: number | string | null;
}

type Loose = Record<string, unknown>;

function asPoints(value: unknown): Point[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const p = item as Loose;
    const t = p.t ?? p.day ?? p.date ?? p.month;
    if (typeof t !== 'string') return [];
    const pick = (key: string) => (typeof p[key] === 'number' || typeof p[key] === 'string' ? (p[key] as number | string) : null);
    return [{ t, value: pick('value'), lower: pick('lower'), upper: pick('upper') }];
  });
}

export interface ForecastData {
  history: Point[];
  forecast: Point[];
  method: string | null;
  mape: number | null;
  currency: string | null;
}

export function readForecast(raw: unknown): ForecastData {
  const data = (typeof raw === 'object' && raw !== null ? raw : {}) as Loose;
  const nested = (typeof data.forecast === 'object' && data.forecast !== null && !Array.isArray(data.forecast) ? data.forecast : {}) as Loose;
  const backtest = (data.backtest ?? nested.backtest ?? null) as Loose | null;
  return {
    history: asPoints(data.history ?? data.actual ?? data.actuals),
    forecast: asPoints(Array.isArray(data.forecast) ? data.forecast : (nested.points ?? data.points)),
    method: typeof (data.method ?? nested.method) === 'string' ? ((data.method ?? nested.method) as string) : null,
    mape: backtest && typeof backtest.mape === 'number' ? backtest.mape : null,
    currency: typeof data.currency === 'string' ? data.currency : typeof data.unit === 'string' && data.unit !== 'tokens' ? data.unit : null,
  };
}

export interface ProjectedMonth {
  month: string;
  revenue: number | string;
  directCost: number | string;
  operatingExpenses: number | string;
  profit: number | string;
  cumulativeProfit: number | string;
}

export interface ActualMonth {
  month: string;
  revenue: number | string;
  directCost: number | string;
  operatingExpenses: number | string;
  profit: number | string;
}

export interface BreakEvenData {
  actuals: ActualMonth[];
  projection: ProjectedMonth[];
  breakEvenMonth: string | null;
  cumulativeBreakEvenMonth: string | null;
  currency: string | null;
}

export function readBreakEven(raw: unknown): BreakEvenData {
  const data = (typeof raw === 'object' && raw !== null ? raw : {}) as Loose;
  const projection = (Array.isArray(data.projection) ? data.projection : Array.isArray(data.months) ? data.months : []) as ProjectedMonth[];
  const month = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  const actuals = (Array.isArray(data.actuals) ? data.actuals : []) as ActualMonth[];
  const isMonth = (p: { month?: unknown } | null) => typeof p === 'object' && p !== null && typeof p.month === 'string';
  return {
    actuals: actuals.filter(isMonth),
    projection: projection.filter(isMonth),
    breakEvenMonth: month('breakEvenMonth'),
    cumulativeBreakEvenMonth: month('cumulativeBreakEvenMonth'),
    currency: typeof data.currency === 'string' ? data.currency : null,
  };
}
