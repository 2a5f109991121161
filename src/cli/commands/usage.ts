import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Services } from '../../app/services.js';
import { TollgateError } from '../../core/errors.js';
import { type ExportFormat, exportChunk, exportFormats, exportPreamble } from '../../metering/export.js';
import { MAX_USAGE_PAGE } from '../../metering/service.js';
import type { AttemptSummaryRow, UsageFilter } from '../../metering/store.js';
import { parseGroupBy, type SummaryDimension, summaryDimensions } from '../../metering/summary.js';
import { type SummaryRowView, summaryRowView, type UsageEventView, usageEventView } from '../../metering/views.js';
import { withServices } from '../context.js';
import { type Column, isoDate, printJson, printOutput, printTable } from '../output.js';
import { findCustomer } from './customers.js';
import { choiceOption, integerOption, timeOption } from './input.js';

interface FilterOptions {
  customer?: string;
  model?: string;
  from?: string;
  to?: string;
}

const eventColumns: Column<UsageEventView>[] = [
  ['STARTED', (e) => isoDate(e.startedAtMs)],
  ['REQUEST', (e) => e.requestId],
  ['CUSTOMER', (e) => e.customerId],
  ['MODEL', (e) => e.model],
  ['OUTCOME', (e) => e.outcome],
  ['PROMPT', (e) => e.promptTokens],
  ['CACHED', (e) => e.cachedPromptTokens],
  ['COMPLETION', (e) => e.completionTokens],
  ['REVENUE', (e) => `${e.revenue} ${e.currency}`],
  ['COST', (e) => (e.costCurrency ? `${e.cost} ${e.costCurrency}` : e.cost)],
  ['MS', (e) => e.latencyMs],
];

const dimensionColumns: Record<SummaryDimension, Column<SummaryRowView>> = {
  customer: ['CUSTOMER', (r) => r.customerId],
  key: ['KEY', (r) => r.keyId],
  model: ['MODEL', (r) => r.model],
  upstream: ['UPSTREAM', (r) => r.upstreamId],
  hour: ['HOUR', (r) => r.hour],
  day: ['DAY', (r) => r.day],
  month: ['MONTH', (r) => r.month],
};

const metricColumns: Column<SummaryRowView>[] = [
  ['CURRENCY', (r) => r.currency],
  ['REQUESTS', (r) => r.requests],
  ['FAILED', (r) => r.failedRequests],
  ['PROMPT', (r) => r.promptTokens],
  ['CACHED', (r) => r.cachedPromptTokens],
  ['COMPLETION', (r) => r.completionTokens],
  ['REVENUE', (r) => r.revenue],
  ['COST', (r) => (r.costCurrency && r.costCurrency !== r.currency ? `${r.cost} ${r.costCurrency}` : r.cost)],
  ['MARGIN', (r) => r.margin],
  ['AVG MS', (r) => r.avgLatencyMs],
];

const attemptColumns: Column<AttemptSummaryRow>[] = [
  ['UPSTREAM', (r) => r.upstreamId],
  ['OUTCOME', (r) => r.outcome],
  ['STATUS', (r) => r.httpStatus],
  ['ATTEMPTS', (r) => r.attempts],
  ['RESCUED', (r) => r.rescued],
  ['TOTAL MS', (r) => r.latencyMsSum],
];

/** Options checked before the database is opened, so bad input fails fast with exit code 2. */
function timesOf(o: FilterOptions): { fromMs?: number; toMs?: number } {
  return { fromMs: timeOption('--from', o.from), toMs: timeOption('--to', o.to) };
}

async function filterOf(s: Services, o: FilterOptions, times: { fromMs?: number; toMs?: number }): Promise<UsageFilter> {
  const customerId = o.customer ? (await findCustomer(s, o.customer)).id : undefined;
  return { customerId, model: o.model, ...times };
}

export function registerUsage(program: Command): void {
  const usage = program.command('usage').description('What was metered: usage events, their sums, exports');
  const filters = (command: Command) =>
    command
      .option('--customer <idOrRef>', 'only this customer')
      .option('--model <name>', 'only this public model')
      .option('--from <iso>', 'from this time on (e.g. 2026-03-01)')
      .option('--to <iso>', 'before this time');

  filters(usage.command('list').description('Usage events, newest first'))
    .option('--limit <n>', `at most this many (1-${MAX_USAGE_PAGE})`, '50')
    .option('--before <requestId>', 'continue after this request id (the last one shown)')
    .option('--json', 'print JSON')
    .action(async (o: FilterOptions & { limit: string; before?: string; json?: boolean }) => {
      const limit = integerOption('--limit', o.limit, 1, MAX_USAGE_PAGE)!;
      const times = timesOf(o);
      await withServices(async (s) => {
        const { events, hasMore } = await s.usage.list(await filterOf(s, o, times), { limit, before: o.before });
        const views = events.map(usageEventView);
        if (o.json) return printJson(views);
        printTable(views, eventColumns);
        if (hasMore) process.stderr.write(`More events: add --before ${views[views.length - 1]!.requestId}\n`);
      });
    });

  filters(usage.command('summary').description('Sums from the hourly rollup, per currency'))
    .option('--by <dimensions>', `comma-separated, any of ${summaryDimensions.join(',')} (default: totals)`, '')
    .option('--utc-offset <minutes>', 'where days and months start, e.g. 480 for UTC+8', '0')
    .option('--json', 'print JSON')
    .action(async (o: FilterOptions & { by: string; utcOffset: string; json?: boolean }) => {
      const groupBy = parseGroupBy(o.by);
      if (!groupBy) throw new TollgateError('invalid_request', `--by takes a comma-separated list of ${summaryDimensions.join(', ')} (got "${o.by}").`);
      const utcOffsetMinutes = integerOption('--utc-offset', o.utcOffset, -720, 840)!;
      const times = timesOf(o);
      await withServices(async (s) => {
        const filter = await filterOf(s, o, times);
        const rows = (await s.usage.summary({ ...filter, groupBy, utcOffsetMinutes })).map(summaryRowView);
        if (o.json) return printJson(rows);
        printTable(rows, [...groupBy.map((d) => dimensionColumns[d]), ...metricColumns]);
      });
    });

  filters(usage.command('attempts').description('Upstream attempts that failed (the request then went to its next route, or failed), per upstream and outcome; --from and --to by when each attempt started'))
    .option('--json', 'print JSON')
    .action(async (o: FilterOptions & { json?: boolean }) => {
      const times = timesOf(o);
      await withServices(async (s) => printOutput(o.json === true, await s.usage.failedAttempts(await filterOf(s, o, times)), attemptColumns));
    });

  filters(usage.command('export').description('Every matching usage event as CSV or JSON lines, newest first'))
    .option('--format <format>', exportFormats.join(' | '), 'csv')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (o: FilterOptions & { format: string; out?: string }) => {
      const format = choiceOption('--format', o.format, exportFormats);
      const times = timesOf(o);
      await withServices(async (s) => exportTo(s, await filterOf(s, o, times), format, o.out));
    });
}

async function exportTo(s: Services, filter: UsageFilter, format: ExportFormat, file: string | undefined): Promise<void> {
  let rows = 0;
  async function* text() {
    yield exportPreamble(format);
    for await (const chunk of s.usage.chunks(filter)) {
      yield exportChunk(chunk, format);
      rows += chunk.length;
      if (file) process.stderr.write(`exported ${rows} events…\n`);
    }
  }
  try {
    if (file) await pipeline(Readable.from(text(), { highWaterMark: 1 }), createWriteStream(file));
    else await pipeline(Readable.from(text(), { highWaterMark: 1 }), process.stdout, { end: false });
  } catch (error) {
    // A reader that stops early (`| head`) is not a failure.
    if ((error as { code?: string }).code !== 'EPIPE') throw error;
  }
  if (file) process.stderr.write(`Wrote ${rows} usage events to ${file}.\n`);
}
