/**
 * `tollgate demo --history 90d`: backfills days of business through the real money path, so a
 * fresh install has true numbers in every report. A manual clock walks hour by hour from the
 * start of the history to now; each day the billing job runs, invoices are paid, credit topped
 * up and subscriptions changed as the cast says. Runs once per database (a settings key).
 */
import type { Config } from '../../config/config.js';
import { ManualClock } from '../../core/clock.js';
import { DAY_MS, dayStartMs } from '../../analytics/finance/calendar.js';
import { demoSeed } from '../demo.js';
import { applyFile } from '../apply.js';
import { createLogger } from '../logger.js';
import { createServices, type Services, type ServicesOptions } from '../services.js';
import { payUpstreamBills, setUpBooks } from './books.js';
import { Cast } from './cast.js';
import { hourWeight } from './scenario.js';
import { seededRandom } from '../../core/random.js';
import { SyntheticTraffic } from './traffic.js';

export const HISTORY_SETTING_KEY = 'demo.history';
const HOUR_MS = 3_600_000;

export interface HistoryOptions extends ServicesOptions {
  days: number;
  /** Scales every customer's traffic (1 = the demo's volume, about 60 000 requests over 90 days). */
  volume?: number;
  /** The end of the history; default now. */
  endMs?: number;
  onProgress?: (doneHours: number, totalHours: number, note: string) => void;
}

export interface HistoryResult {
  skipped: boolean;
  /** Why nothing was generated, when skipped. */
  reason?: string;
  fromMs: number;
  toMs: number;
  served: number;
  refused: number;
  invoices: number;
}

export async function generateHistory(config: Readonly<Config>, options: HistoryOptions): Promise<HistoryResult> {
  if (!Number.isInteger(options.days) || options.days < 1) throw new RangeError('days must be a whole number ≥ 1');
  const endMs = options.endMs ?? Date.now();
  const startMs = dayStartMs(endMs) - options.days * DAY_MS;
  const clock = new ManualClock(startMs);
  const services = await createServices(config, { ...options, clock, logger: options.logger ?? createLogger({ logLevel: 'silent' }) });
  try {
    const previous = await services.analytics.finance.store.getSetting(HISTORY_SETTING_KEY);
    if (previous) {
      const earlier = JSON.parse(previous) as Omit<HistoryResult, 'skipped'>;
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      return { skipped: true, reason: `this database has a history generated already (${day(earlier.fromMs)} to ${day(earlier.toMs)}, ${earlier.served} requests); nothing was added`, ...earlier };
    }
    const result = await run(services, clock, { ...options, startMs, endMs });
    await services.analytics.finance.store.setSetting(HISTORY_SETTING_KEY, JSON.stringify(result), clock.nowMs());
    return { skipped: false, ...result };
  } finally {
    await services.close();
  }
}

async function run(services: Services, clock: ManualClock, o: HistoryOptions & { startMs: number; endMs: number }): Promise<Omit<HistoryResult, 'skipped'>> {
  await applyFile(services, demoSeed);
  await services.catalog.refresh();
  await setUpBooks(services, o.startMs, o.days);
  const random = seededRandom(20_260_101);
  const traffic = new SyntheticTraffic(services, createLogger({ logLevel: 'silent' }));
  const cast = new Cast(services, traffic, { startMs: o.startMs, days: o.days, volume: o.volume ?? 1, random });
  const totalHours = Math.ceil((o.endMs - o.startMs) / HOUR_MS);
  for (let hour = 0; hour < totalHours; hour++) {
    const atMs = o.startMs + hour * HOUR_MS;
    clock.set(atMs);
    if (hour % 24 === 0) await startOfDay(services, cast, hour / 24);
    const date = new Date(atMs);
    const weight = hourWeight(date.getUTCHours(), date.getUTCDay());
    await Promise.all(cast.requestsThisHour(hour / 24, weight).map(({ caller, shape }) => traffic.send(caller, shape)));
    o.onProgress?.(hour + 1, totalHours, `${traffic.counts.served} requests`);
  }
  clock.set(o.endMs);
  await services.billing.run();
  await services.gpuAllocation.run();
  await cast.payInvoices(o.days);
  await services.analytics.alerts.evaluate();
  const invoices = (await services.billing.invoices({ limit: 100_000 })).length;
  return { fromMs: o.startMs, toMs: o.endMs, served: traffic.counts.served, refused: traffic.counts.refused, invoices };
}

/** What happens once a day, at midnight UTC: billing and GPU hours, then the cast's own business. */
async function startOfDay(services: Services, cast: Cast, day: number): Promise<void> {
  await services.billing.run();
  await services.gpuAllocation.run();
  if (new Date(services.clock.nowMs()).getUTCDate() === 3) await payUpstreamBills(services);
  await cast.startOfDay(day);
}
