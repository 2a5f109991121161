import type { Command } from 'commander';
import { TollgateError } from '../../core/errors.js';
import { withServices } from '../context.js';
import { type Column, printJson, printOutput, printTable } from '../output.js';
import { currencyOption, integerOption } from './input.js';

function percentOption(flag: string, text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!/^-?\d+(\.\d+)?$/.test(text.trim()) || value < -100 || value > 1000) throw new TollgateError('invalid_request', `${flag} must be a percentage from -100 to 1000 (got "${text}").`, { param: flag });
  return value;
}

const fmt = (value: number | null, digits = 2) => (value === null ? null : Number(value.toFixed(digits)));

/** `tollgate forecast …`: the forecasts of the reports, from the books. */
export function registerForecast(program: Command): void {
  const forecast = program.command('forecast').description('Forecasts from the books: daily series with backtests, break-even, prepaid credit run-out');

  for (const series of ['revenue', 'cost', 'usage'] as const) {
    forecast
      .command(series)
      .description(`Daily ${series === 'usage' ? 'tokens' : series} ahead, with a 95 % band and the backtest of the method`)
      .option('--horizon-days <n>', 'days to forecast', '30')
      .option('--history-days <n>', 'days of history to fit', '90')
      .option('--currency <code>', 'default: the finance settings currency')
      .option('--json', 'print JSON')
      .action(async (o: { horizonDays: string; historyDays: string; currency?: string; json?: boolean }) => {
        const q = { series, horizonDays: integerOption('--horizon-days', o.horizonDays, 1, 365), historyDays: integerOption('--history-days', o.historyDays, 7, 730), currency: o.currency ? currencyOption(o.currency) : undefined };
        await withServices(async (s) => {
          const r = await s.analytics.forecast(q);
          if (o.json) return printJson(r);
          process.stdout.write(`${r.series} in ${r.unit}; method ${r.method}; ${r.history.length} days of history\n`);
          const b = r.backtest;
          process.stdout.write(b ? `backtest on the last ${b.holdout} days: MAPE ${fmt(b.mape) ?? '-'} %, MSE ${fmt(b.mse, 6) ?? '-'}\n\n` : 'no history to backtest\n\n');
          printTable(r.points, [['DAY', (p) => p.day], ['FORECAST', (p) => p.value], ['LOWER', (p) => p.lower], ['UPPER', (p) => p.upper]]);
        });
      });
  }

  forecast
    .command('break-even')
    .description('When the business breaks even under a what-if scenario')
    .option('--growth-pct <pct>', 'usage growth per month, compounding', '0')
    .option('--price-change-pct <pct>', 'a price change from next month', '0')
    .option('--cost-change-pct <pct>', 'a change in what a unit costs to serve', '0')
    .option('--opex-growth-pct <pct>', 'operating expense growth per month', '0')
    .option('--horizon-months <n>', 'months to project', '24')
    .option('--currency <code>', 'default: the finance settings currency')
    .option('--json', 'print JSON')
    .action(async (o: { growthPct: string; priceChangePct: string; costChangePct: string; opexGrowthPct: string; horizonMonths: string; currency?: string; json?: boolean }) => {
      const q = {
        scenario: {
          revenueGrowthPctPerMonth: percentOption('--growth-pct', o.growthPct),
          priceChangePct: percentOption('--price-change-pct', o.priceChangePct),
          costPerUnitChangePct: percentOption('--cost-change-pct', o.costChangePct),
          opexGrowthPctPerMonth: percentOption('--opex-growth-pct', o.opexGrowthPct),
        },
        horizonMonths: integerOption('--horizon-months', o.horizonMonths, 1, 120),
        currency: o.currency ? currencyOption(o.currency) : undefined,
      };
      await withServices(async (s) => {
        const r = await s.analytics.breakEven(q);
        if (o.json) return printJson(r);
        const columns: Column<(typeof r.projection)[number]>[] = [['MONTH', (p) => p.month], ['REVENUE', (p) => p.revenue], ['DIRECT COST', (p) => p.directCost], ['OPEX', (p) => p.operatingExpenses], ['PROFIT', (p) => p.profit], ['CUMULATIVE', (p) => p.cumulativeProfit]];
        process.stdout.write(`Actual months (${r.currency}):\n`);
        printTable(r.actuals.map((a) => ({ ...a, cumulativeProfit: '' })), columns);
        process.stdout.write('\nProjection:\n');
        printTable(r.projection, columns);
        process.stdout.write(`\nBreak-even month: ${r.breakEvenMonth ?? 'not within the horizon'}; all losses earned back: ${r.cumulativeBreakEvenMonth ?? 'not within the horizon'}.\n`);
      });
    });

  forecast
    .command('credit')
    .description("When each prepaid customer's credit runs out at its forecast spend")
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withServices(async (s) => {
        const rows = await s.analytics.creditRunway();
        printOutput(o.json === true, rows, [['CUSTOMER', (r) => r.name], ['BALANCE', (r) => `${r.balance} ${r.currency}`], ['SPEND / DAY', (r) => r.spendPerDay], ['RUNS OUT', (r) => r.runOutDate ?? 'not within 3 years'], ['DAYS', (r) => r.remainingDays]]);
      }),
    );
}
