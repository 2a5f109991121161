import type { Config } from '../../config/config.js';
import { TollgateError } from '../../core/errors.js';
import { generateHistory, type HistoryResult } from './generate.js';
import { progressLine } from './progress.js';

const MAX_DAYS = 730;

/** "90d", "12w" or "90" (days) as a number of days. */
export function parseHistoryLength(text: string): number {
  const match = /^(\d{1,4})([dw]?)$/.exec(text.trim());
  const days = match ? Number(match[1]) * (match[2] === 'w' ? 7 : 1) : Number.NaN;
  if (!(days >= 1 && days <= MAX_DAYS)) throw new TollgateError('invalid_request', `--history must be a length such as 90d or 12w, from 1 day to ${MAX_DAYS} days (got "${text}").`, { param: '--history' });
  return days;
}

/** Generates the demo's history with a progress line on stderr, or says why it was skipped. */
export async function backfillDemoHistory(config: Readonly<Config>, lengthText: string): Promise<HistoryResult> {
  const days = parseHistoryLength(lengthText);
  const progress = progressLine(`history (${days} days)`);
  const startedMs = Date.now();
  const result = await generateHistory(config, { days, onProgress: (done, total, note) => progress.update(done, total, note) });
  if (result.skipped) {
    process.stderr.write(`history: skipped, ${result.reason}\n`);
    return result;
  }
  progress.finish(`${result.served} requests served (${result.refused} refused), ${result.invoices} invoices, in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
  return result;
}
