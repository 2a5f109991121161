import type { Command } from 'commander';
import { MAX_HOURS_PER_RUN } from '../../analytics/gpu/allocate.js';
import { withServices } from '../context.js';
import { printJson, printTable } from '../output.js';
import { integerOption } from './input.js';

export function registerGpu(program: Command): void {
  const gpu = program.command('gpu').description('GPU-hour upstreams');
  gpu
    .command('allocate')
    .description('Share every ended GPU hour not yet allocated among its usage and post it to the ledger (the server does this every minute)')
    .option('--max-hours <n>', `at most this many hours now (1-${MAX_HOURS_PER_RUN * 12})`, String(MAX_HOURS_PER_RUN))
    .option('--json', 'print JSON')
    .action(async (o: { maxHours: string; json?: boolean }) => {
      const maxHours = integerOption('--max-hours', o.maxHours, 1, MAX_HOURS_PER_RUN * 12)!;
      await withServices(async (s) => {
        const run = await s.gpuAllocation.run({ maxHours });
        if (o.json) return printJson(run);
        printTable(run.upstreams, [
          ['UPSTREAM', (u) => u.upstreamId],
          ['HOURS ALLOCATED', (u) => u.allocatedHours],
          ['ERROR', (u) => u.error],
        ]);
        if (!run.caughtUp) process.stdout.write('More hours are waiting: run it again.\n');
        if (run.upstreams.some((u) => u.error !== null)) process.exitCode = 1;
      });
    });
}
