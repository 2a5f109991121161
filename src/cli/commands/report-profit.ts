import type { Command } from 'commander';
import { viewGpuReport, viewPlanReport, viewProfitReport, viewWhatIf } from '../../admin/reports-profit-views.js';
import { MAX_PROFIT_ROWS } from '../../analytics/profit/report.js';
import { parseDimensions, profitDimensions, profitPeriods, profitSorts } from '../../analytics/profit/types.js';
import { TollgateError } from '../../core/errors.js';
import { withServices } from '../context.js';
import { type Column, isoDate, printJson, printTable } from '../output.js';
import { choiceOption, currencyOption, integerOption, moneyOption, optionalMoney, timeOption } from './input.js';
import { monthOption, pct, reportCommand } from './report.js';

type ProfitView = ReturnType<typeof viewProfitReport>;
type ProfitLine = ProfitView['rows'][number];

const profitColumns: Column<ProfitLine>[] = [
  ['NAME', (r) => r.name],
  ['REQUESTS', (r) => r.requests],
  ['TOKENS', (r) => r.tokens],
  ['REVENUE', (r) => r.revenue],
  ['FEES', (r) => r.subscriptionRevenue],
  ['PROMO', (r) => r.promotional],
  ['INCLUDED', (r) => r.included],
  ['COST', (r) => r.cost],
  ['IDLE GPU', (r) => r.idleGpuCost],
  ['MARGIN', (r) => r.margin],
  ['MARGIN %', (r) => pct(r.marginPct)],
];

interface RangeOptions {
  from?: string;
  to?: string;
  currency?: string;
  json?: boolean;
}

/** Checked before the database is opened, so bad input fails fast with exit code 2. */
function rangeOf(o: RangeOptions) {
  return { fromMs: timeOption('--from', o.from), toMs: timeOption('--to', o.to), currency: o.currency ? currencyOption(o.currency) : undefined };
}

function dimensionsOption(text: string) {
  const dimensions = parseDimensions(text);
  if (!dimensions) throw new TollgateError('invalid_request', `--by takes ${profitDimensions.join(', ')}, or several comma-separated (got "${text}").`, { param: '--by' });
  return dimensions;
}

function withRange(command: Command): Command {
  return command
    .option('--from <iso>', 'from this time on (default: the start of last month, UTC)')
    .option('--to <iso>', 'before this time (default: the start of this month, UTC)')
    .option('--currency <code>', 'default: the currency most customers pay in')
    .option('--json', 'print JSON');
}

function heading(text: string, fromMs: number, toMs: number): void {
  process.stdout.write(`${text}, ${isoDate(fromMs)} to ${isoDate(toMs)}\n`);
}

/** `report profit|plans|what-if|gpu`, registered onto the shared `report` command. */
export function registerProfitReports(program: Command): void {
  const report = reportCommand(program);

  withRange(report.command('profit').description('Revenue, cost and margin by customer, key, model, plan or upstream; biggest losers first'))
    .option('--by <dimensions>', `${profitDimensions.join(' | ')}, or several comma-separated (customer,model)`, 'customer')
    .option('--period <period>', `${profitPeriods.join(' | ')} (UTC; weeks start on Monday)`, 'all')
    .option('--sort <order>', profitSorts.join(' | '), 'margin')
    .option('--limit <n>', `at most this many rows (1-${MAX_PROFIT_ROWS})`, '1000')
    .action(async (o: RangeOptions & { by: string; period: string; sort: string; limit: string }) => {
      const q = {
        ...rangeOf(o),
        groupBy: dimensionsOption(o.by),
        period: choiceOption('--period', o.period, profitPeriods),
        sort: choiceOption('--sort', o.sort, profitSorts),
        limit: integerOption('--limit', o.limit, 1, MAX_PROFIT_ROWS)!,
      };
      await withServices(async (s) => printProfit(viewProfitReport(await s.profitReports.profit(q)), o.json === true));
    });

  report
    .command('plans')
    .description("Each plan's month: subscribers, fee, revenue, cost, and the spread of cost per subscriber")
    .option('--month <YYYY-MM>', 'the UTC month (default: last month)')
    .option('--json', 'print JSON')
    .action(async (o: { month?: string; json?: boolean }) => {
      const month = monthOption(o.month);
      await withServices(async (s) => {
        const v = viewPlanReport(await s.profitReports.plans(month));
        if (o.json) return printJson(v);
        process.stdout.write(`Plans, ${v.month}\n`);
        printTable(v.plans, [
          ['PLAN', (p) => p.code],
          ['FEE/MONTH', (p) => `${p.monthlyFee} ${p.currency}`],
          ['SUBSCRIBERS', (p) => p.subscribers],
          ['REVENUE', (p) => p.revenue],
          ['COST', (p) => p.cost],
          ['MARGIN', (p) => p.margin],
          ['COST P50', (p) => p.costPerSubscriber?.p50],
          ['P90', (p) => p.costPerSubscriber?.p90],
          ['P99', (p) => p.costPerSubscriber?.p99],
          ['MAX', (p) => p.costPerSubscriber?.max],
          ['> FEE', (p) => p.costlierThanFee],
          ['HEAVIEST', (p) => p.heaviest.map((h) => `${h.name} ${h.cost}`)],
        ]);
      });
    });

  withRange(report.command('what-if').description("A model's revenue and margin at its list prices then, and at new prices per 1M tokens"))
    .requiredOption('--model <name>', 'the public model')
    .requiredOption('--input <decimal>', 'new price of 1M uncached prompt tokens')
    .requiredOption('--output <decimal>', 'new price of 1M output tokens')
    .option('--cached-input <decimal>', 'new price of 1M cached prompt tokens (default: the new input price)')
    .action(async (o: RangeOptions & { model: string; input: string; output: string; cachedInput?: string }) => {
      const rates = { input: moneyOption('--input', o.input).text, output: moneyOption('--output', o.output).text, cachedInput: optionalMoney('--cached-input', o.cachedInput) };
      const q = { ...rangeOf(o), model: o.model, rates };
      await withServices(async (s) => {
        const v = viewWhatIf(await s.profitReports.whatIf(q));
        if (o.json) return printJson(v);
        heading(`What if ${v.model} cost ${v.rates.input} in / ${v.rates.cachedInput} cached / ${v.rates.output} out per 1M (${v.currency})`, v.fromMs, v.toMs);
        printTable([
          { scenario: 'charged', ...v.charged },
          { scenario: 'list price then', ...v.asWas },
          { scenario: 'new list price', ...v.asWouldHaveBeen },
        ], [
          ['SCENARIO', (r) => r.scenario],
          ['REVENUE', (r) => r.revenue],
          ['COST', (r) => r.cost],
          ['MARGIN', (r) => r.margin],
          ['MARGIN %', (r) => pct(r.marginPct)],
        ]);
        process.stdout.write(`Change at list price: revenue ${v.change.revenue}, margin ${v.change.margin}. ${v.requests} requests, ${v.inputTokens} input, ${v.cachedInputTokens} cached, ${v.outputTokens} output tokens.\n`);
        if (v.unpricedRequests > 0) process.stdout.write(`${v.unpricedRequests} requests had no list price and are left out of both list-price scenarios.\n`);
      });
    });

  withRange(report.command('gpu').description('GPU-hour upstreams: hours, cost, idle, utilisation and break-even utilisation'))
    .action(async (o: RangeOptions) => {
      const times = rangeOf(o);
      await withServices(async (s) => {
        const range = s.profitReports.range(times);
        const v = viewGpuReport(range, await s.profitReports.gpu(range));
        if (o.json) return printJson(v);
        heading('GPU hours', v.fromMs, v.toMs);
        printTable(v.data, [
          ['UPSTREAM', (r) => r.name],
          ['HOURS', (r) => r.hours],
          ['COST', (r) => `${r.cost} ${r.currency}`],
          ['ALLOCATED', (r) => r.allocated],
          ['IDLE', (r) => r.idle],
          ['UTILISATION', (r) => pct(r.utilisationPct)],
          ['TOKEN UTIL.', (r) => pct(r.tokenUtilisationPct)],
          ['REVENUE', (r) => r.revenue],
          ['BREAK-EVEN UTIL.', (r) => pct(r.breakEvenUtilisationPct)],
        ]);
      });
    });
}

function printProfit(v: ProfitView, json: boolean): void {
  if (json) return printJson(v);
  heading(`Profit by ${v.groupBy.join(' × ')}${v.period === 'all' ? '' : ` per ${v.period}`} in ${v.currency}`, v.fromMs, v.toMs);
  const total: ProfitLine = { keys: {}, key: '', name: 'TOTAL', period: null, periodStartMs: null, ...v.totals };
  printTable([...v.rows, total], v.period === 'all' ? profitColumns : [['PERIOD', (r) => r.period], ...profitColumns]);
  if (v.rowCount > v.rows.length) process.stdout.write(`${v.rowCount - v.rows.length} more rows: raise --limit.\n`);
  const outside = [
    v.totals.unattributedRevenue !== '0' ? `revenue ${v.totals.unattributedRevenue} (plan fees: not split by ${v.groupBy.join(' × ')})` : null,
    v.totals.unattributedCost !== '0' ? `cost ${v.totals.unattributedCost} (idle GPU hours: no ${v.groupBy.join(' × ')} used them)` : null,
  ].filter((part) => part !== null);
  if (outside.length > 0) process.stdout.write(`In the total but in no row: ${outside.join('; ')}.\n`);
}
