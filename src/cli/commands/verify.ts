import type { Command } from 'commander';
import { decimalString } from '../../core/money.js';
import { withServices } from '../context.js';
import { exitCodes } from '../exit.js';
import { printJson, printTable } from '../output.js';

/** The ledger's own checks: the invariants, and cost that was never billed because its request was cut off. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(`Check the money invariants; exit code ${exitCodes.invariant} when one is broken`)
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withServices(async (s) => {
        const checks = await s.ledgerStore.checkInvariants(s.clock.nowMs());
        const ok = checks.every((c) => c.ok);
        if (o.json) printJson({ ok, checks });
        else for (const c of checks) process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}\n`);
        if (!ok) process.exitCode = exitCodes.invariant;
      }),
    );

  program
    .command('unbilled')
    .description('Upstream cost of requests cut off after admission (a crash): their holds expired unposted')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) =>
      withServices(async (s) => {
        const rows = (await s.ledgerStore.unbilledCost()).map((u) => ({ upstreamId: u.upstreamId, holds: u.holds, costEstimate: decimalString(u.costEstimateNanos) }));
        if (o.json) return printJson(rows);
        printTable(rows, [['UPSTREAM', (r) => r.upstreamId], ['HOLDS', (r) => r.holds], ['COST ESTIMATE', (r) => r.costEstimate]]);
      }),
    );
}
