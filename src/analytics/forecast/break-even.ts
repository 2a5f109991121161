/**
 * Break-even under a what-if scenario: from the last actual month, grow usage, change the price
 * and the cost per unit, grow operating expenses, and find when profit turns non-negative.
 * Formulas in README.md ("Break-even").
 */
import { sum } from 'simple-statistics';
import { addMonths, parseIsoMonth } from './dates.js';

export interface MonthActuals {
  month: string;
  revenue: number;
  directCost: number;
  operatingExpenses: number;
}

export interface BreakEvenScenario {
  /** Usage growth: scales both revenue and direct cost, compounding monthly. */
  revenueGrowthPctPerMonth: number;
  /** A one-off price change from the first projected month: scales revenue only. */
  priceChangePct: number;
  /** A one-off change in what a unit costs to serve: scales direct cost only. */
  costPerUnitChangePct: number;
  opexGrowthPctPerMonth: number;
}

export interface BreakEvenInput {
  months: readonly MonthActuals[];
  scenario: BreakEvenScenario;
  horizonMonths: number;
}

export interface ProjectedMonth {
  month: string;
  revenue: number;
  directCost: number;
  operatingExpenses: number;
  profit: number;
  /** Profit summed over every actual month and every projected month up to this one. */
  cumulativeProfit: number;
}

export interface BreakEvenResult {
  projection: ProjectedMonth[];
  /** Profit summed over the actual months, where the cumulative line starts. */
  actualCumulativeProfit: number;
  /** First projected month whose profit is ≥ 0. */
  breakEvenMonth: string | null;
  /** First projected month whose cumulative profit is ≥ 0 (all past losses earned back). */
  cumulativeBreakEvenMonth: string | null;
}

export function breakEven(input: BreakEvenInput): BreakEvenResult {
  validateInput(input);
  const base = input.months[input.months.length - 1]!;
  const { scenario } = input;
  const usageGrowthFactor = 1 + scenario.revenueGrowthPctPerMonth / 100;
  const priceFactor = 1 + scenario.priceChangePct / 100;
  const costPerUnitFactor = 1 + scenario.costPerUnitChangePct / 100;
  const opexGrowthFactor = 1 + scenario.opexGrowthPctPerMonth / 100;

  const actualCumulativeProfit = sum(input.months.map(profitOf));
  let cumulativeProfit = actualCumulativeProfit;
  const projection: ProjectedMonth[] = [];
  for (let k = 1; k <= input.horizonMonths; k += 1) {
    const usageFactor = usageGrowthFactor ** k;
    const revenue = base.revenue * usageFactor * priceFactor;
    const directCost = base.directCost * usageFactor * costPerUnitFactor;
    const operatingExpenses = base.operatingExpenses * opexGrowthFactor ** k;
    const profit = revenue - directCost - operatingExpenses;
    cumulativeProfit += profit;
    projection.push({ month: addMonths(base.month, k), revenue, directCost, operatingExpenses, profit, cumulativeProfit });
  }
  return {
    projection,
    actualCumulativeProfit,
    breakEvenMonth: projection.find((row) => row.profit >= 0)?.month ?? null,
    cumulativeBreakEvenMonth: projection.find((row) => row.cumulativeProfit >= 0)?.month ?? null,
  };
}

function profitOf(month: MonthActuals): number {
  return month.revenue - month.directCost - month.operatingExpenses;
}

function validateInput({ months, scenario, horizonMonths }: BreakEvenInput): void {
  if (months.length === 0) throw new RangeError('break-even needs at least one actual month');
  if (!Number.isInteger(horizonMonths) || horizonMonths < 0) throw new RangeError(`horizonMonths must be a whole number ≥ 0; got ${horizonMonths}`);
  let previous = Number.NEGATIVE_INFINITY;
  for (const month of months) {
    const monthNumber = parseIsoMonth(month.month);
    if (monthNumber <= previous) throw new RangeError(`months must be in strictly increasing order; see ${month.month}`);
    if (![month.revenue, month.directCost, month.operatingExpenses].every(Number.isFinite)) {
      throw new RangeError(`${month.month} has a value that is not a finite number`);
    }
    previous = monthNumber;
  }
  for (const [name, pct] of Object.entries(scenario)) {
    // Below −100 % a factor turns negative, which no price, cost or growth rate means.
    if (!Number.isFinite(pct) || pct < -100) throw new RangeError(`scenario.${name} must be a finite percentage ≥ −100; got ${pct}`);
  }
}
