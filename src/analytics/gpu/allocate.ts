import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../storage/schema.js';
import { gpuCardFor, lastSettledHour, pendingHours } from './hours.js';
import { allocatedHours, allocateHour, loadCostCards, upstreamsCreatedAt } from './store.js';

/** A month of hours: a long backlog catches up over several runs instead of one long one. */
export const MAX_HOURS_PER_RUN = 24 * 31;

export interface GpuAllocationOptions {
  /** How long after an hour ends its usage is taken as complete (requests still running settle). */
  settleGraceMs: number;
  maxHoursPerRun?: number;
}

export interface GpuAllocationRun {
  /** Hours this run allocated. */
  allocatedHours: number;
  upstreams: { upstreamId: string; allocatedHours: number; error: string | null }[];
  /** False when the per-run bound left hours for the next run. */
  caughtUp: boolean;
}

/**
 * Shares the cost of every ended hour of each GPU-hour upstream among that hour's usage, and
 * posts the hour to the ledger. Idempotent: run it from every replica and the CLI at will.
 */
export class GpuAllocationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly options: GpuAllocationOptions,
  ) {}

  async run(options: { maxHours?: number } = {}): Promise<GpuAllocationRun> {
    const nowMs = this.clock.nowMs();
    const lastHourMs = lastSettledHour(nowMs, this.options.settleGraceMs);
    const cards = await loadCostCards(this.db);
    const gpuUpstreams = [...new Set(cards.filter((c) => c.card.kind === 'gpu_hour' && c.upstreamModel === '*').map((c) => c.upstreamId))].sort();
    const created = await upstreamsCreatedAt(this.db, gpuUpstreams);
    let budget = options.maxHours ?? this.options.maxHoursPerRun ?? MAX_HOURS_PER_RUN;
    const run: GpuAllocationRun = { allocatedHours: 0, upstreams: [], caughtUp: true };
    for (const upstreamId of gpuUpstreams) {
      const createdAtMs = created.get(upstreamId);
      if (createdAtMs === undefined) continue;
      const result = { upstreamId, allocatedHours: 0, error: null as string | null };
      try {
        const allocated = await allocatedHours(this.db, upstreamId);
        const hours = pendingHours({ cards, upstreamId, createdAtMs, allocated, lastHourMs, limit: budget + 1 });
        if (hours.length > budget) run.caughtUp = false;
        for (const hourMs of hours.slice(0, budget)) {
          budget--;
          if (await allocateHour(this.db, upstreamId, hourMs, gpuCardFor(cards, upstreamId, hourMs)!, nowMs)) result.allocatedHours++;
        }
      } catch (error) {
        // One misconfigured card (say, a fractional capacity) must not stop the other upstreams.
        result.error = error instanceof Error ? error.message : String(error);
      }
      run.allocatedHours += result.allocatedHours;
      run.upstreams.push(result);
    }
    return run;
  }
}

/** For the server's periodic job: logs what was done, and never throws. */
export async function runGpuAllocation(service: GpuAllocationService, logger: { info(o: object, m: string): void; error(o: object, m: string): void }): Promise<void> {
  try {
    const run = await service.run();
    const failed = run.upstreams.filter((u) => u.error !== null);
    if (run.allocatedHours > 0) logger.info({ allocatedHours: run.allocatedHours, caughtUp: run.caughtUp }, 'GPU hours allocated');
    if (failed.length > 0) logger.error({ upstreams: failed }, 'GPU hours could not be allocated');
  } catch (err) {
    logger.error({ err }, 'GPU hour allocation failed');
  }
}
