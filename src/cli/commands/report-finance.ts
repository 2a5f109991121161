import type { Command } from 'commander';
import { viewBudgetReport, viewCashReport } from '../../admin/finance-views.js';
import { viewOverview, viewSaasReport } from '../../admin/reports-views.js';
import { withServices } from '../context.js';
import { type Column, isoDate, printJson, printTable } from '../output.js';
import { currencyOption, integerOption, timeOption } from './input.js';
import { monthOption, pct, reportCommand } from './report.js';

type Row = [metric: string, value: unknown];
const rowColumns: Column<Row>[] = [['METRIC', (r) => r[0]], ['VALUE', (r) => r[1]]];

interface MonthOptions {
  month?: string;
  currency?: string;
  json?: boolean;
}

/** `--month` and `--currency`, checked before the database is opened. */
function monthQuery(o: MonthOptions) {
  return { month: monthOption(o.month), currency: o.currency ? currencyOption(o.currency) : undefined };
}

function withMonth(command: Command): Command {
  return command
    .option('--month <YYYY-MM>', 'the month (default: this one, to date)')
    .option('--currency <code>', 'default: the finance settings currency')
    .option('--json', 'print JSON');
}

/** The `report` command's finance verbs; `report` itself may be created by another file first. */
export function registerFinanceReports(program: Command): void {
  const report = reportCommand(program);

  withMonth(report.command('saas').description('SaaS metrics of a month: MRR and its movements, ARR, customers, ARPA, churn, NRR, GRR, LTV, CAC payback'))
    .action(async (o: MonthOptions) => {
      const q = monthQuery(o);
      await withServices(async (s) => {
        const v = viewSaasReport(await s.analytics.saas(q));
        if (o.json) return printJson(v);
        const m = v.movements;
        printTable<Row>([
          ['month', v.month], ['MRR', `${v.mrr} ${v.currency}`], ['ARR', v.arr], ['start MRR', v.startMrr],
          ['+ new', m.new], ['+ expansion', m.expansion], ['− contraction', m.contraction], ['− churn', m.churn], ['+ reactivation', m.reactivation],
          ['active customers', v.activeCustomers], ['paying customers', v.payingCustomers], ['revenue', v.revenue], ['direct cost', v.directCost],
          ['gross margin', pct(v.grossMarginPct)], ['ARPA', v.arpa], ['logo churn', pct(v.logoChurnPct)], ['revenue churn', pct(v.revenueChurnPct)],
          ['NRR', pct(v.nrrPct)], ['GRR', pct(v.grrPct)], ['NRR 12 months', pct(v.trailing12?.nrrPct ?? null)], ['GRR 12 months', pct(v.trailing12?.grrPct ?? null)],
          ['LTV', v.ltv], ['CAC', v.cac], ['CAC payback (months)', v.cacPaybackMonths],
        ], rowColumns);
      });
    });

  report
    .command('cash')
    .description('Cash per month: opening + payments in − expenses − upstream bills = closing; net burn and runway')
    .option('--months <n>', 'how many months, ending with this one', '12')
    .option('--currency <code>', 'default: the finance settings currency')
    .option('--json', 'print JSON')
    .action(async (o: { months: string; currency?: string; json?: boolean }) => {
      const q = { months: integerOption('--months', o.months, 1, 120), currency: o.currency ? currencyOption(o.currency) : undefined };
      await withServices(async (s) => {
        const v = viewCashReport(await s.analytics.finance.cash(q));
        if (o.json) return printJson(v);
        printTable(v.months, [['MONTH', (m) => `${m.month}${m.complete ? '' : ' (to date)'}`], ['OPENING', (m) => m.opening], ['CASH IN', (m) => m.cashIn], ['EXPENSES', (m) => m.expenses], ['UPSTREAM BILLS', (m) => m.upstreamBills], ['NET BURN', (m) => m.netBurn], ['CLOSING', (m) => m.closing]]);
        process.stdout.write(`\nCash ${v.closing} ${v.currency}; average net burn ${v.averageNetBurn} a month (${v.burnMonths.join(', ') || 'no month'}); runway ${v.runwayMonths === null ? 'not burning' : `${v.runwayMonths} months`}.\n`);
      });
    });

  report
    .command('overview')
    .description('Revenue, cost and margin of a window, MRR, customers, cash, burn, runway and open alerts')
    .option('--from <iso>', 'start of the window (default: 30 days ago)')
    .option('--to <iso>', 'end of the window (default: now)')
    .option('--currency <code>', 'default: the finance settings currency')
    .option('--json', 'print JSON')
    .action(async (o: { from?: string; to?: string; currency?: string; json?: boolean }) => {
      const q = { fromMs: timeOption('--from', o.from), toMs: timeOption('--to', o.to), currency: o.currency ? currencyOption(o.currency) : undefined };
      await withServices(async (s) => {
        const v = viewOverview(await s.analytics.overview(q));
        if (o.json) return printJson(v);
        printTable<Row>([
          ['window', `${isoDate(v.fromMs)} – ${isoDate(v.toMs)}`], ['revenue', `${v.revenue} ${v.currency}`], ['  usage', v.usageRevenue], ['  subscriptions', v.subscriptionRevenue],
          ['promotional usage', v.promotionalUsage], ['cost', v.cost], ['gross margin', v.grossMargin], ['gross margin %', pct(v.grossMarginPct)],
          ['MRR', v.mrr], ['ARR', v.arr], ['active customers', v.activeCustomers], ['cash', v.cash], ['net burn / month', v.netBurn], ['runway (months)', v.runwayMonths],
        ], rowColumns);
        process.stdout.write('\nOpen alerts:\n');
        printTable(v.alerts, [['SEVERITY', (a) => a.severity], ['KIND', (a) => a.kind], ['SINCE', (a) => isoDate(a.firstSeenMs)], ['MESSAGE', (a) => a.message]]);
      });
    });

  withMonth(report.command('budget').description('Budget against expenses paid, per category, for a month'))
    .action(async (o: MonthOptions) => {
      const q = monthQuery(o);
      await withServices(async (s) => {
        const v = viewBudgetReport(await s.analytics.finance.budgetReport(q));
        if (o.json) return printJson(v);
        process.stdout.write(`${v.month} (${v.currency})\n`);
        printTable(v.lines, [['CATEGORY', (l) => l.category], ['BUDGET', (l) => l.budget], ['ACTUAL', (l) => l.actual], ['REMAINING', (l) => l.remaining], ['USED', (l) => pct(l.usedPct)]]);
      });
    });
}
