import type { Command } from 'commander';
import { withServices } from '../context.js';
import { isoDate, printJson, printOutput, printTable } from '../output.js';

/** `tollgate alerts …`: the alert rules, evaluated now or listed. */
export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('Profitability and finance alerts');
  alerts
    .command('list')
    .description('Alerts, newest first')
    .option('--open', 'only alerts whose condition still holds')
    .option('--json', 'print JSON')
    .action(async (o: { open?: boolean; json?: boolean }) =>
      withServices(async (s) => {
        const rows = await s.analytics.alerts.list({ open: o.open ? true : undefined });
        printOutput(o.json === true, rows, [['SEVERITY', (a) => a.severity], ['KIND', (a) => a.kind], ['SINCE', (a) => isoDate(a.firstSeenMs)], ['RESOLVED', (a) => isoDate(a.resolvedAtMs)], ['MESSAGE', (a) => a.message]]);
      }),
    );
  alerts
    .command('evaluate')
    .description('Evaluate every alert rule now (the server does it every few minutes): open, refresh or resolve alerts, send alert.raised for new ones')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withServices(async (s) => {
        const report = await s.analytics.alerts.evaluate();
        if (o.json) return printJson(report);
        process.stdout.write(`${report.open} open, ${report.raised.length} newly raised, ${report.resolved.length} resolved.\n`);
        printTable(report.raised, [['SEVERITY', (a) => a.severity], ['KIND', (a) => a.kind], ['MESSAGE', (a) => a.message]]);
      }),
    );
}
