import type { Clock } from '../../core/clock.js';

/** Alerts look at 30-day windows: evaluating them every few minutes is plenty. */
export const ALERT_INTERVAL_MS = 5 * 60_000;

/**
 * Runs `evaluate` from the server's billing job, at most once per interval; a run that fails is
 * retried on the next tick.
 */
export function alertJob(evaluate: () => Promise<unknown>, clock: Clock, intervalMs = ALERT_INTERVAL_MS): { runIfDue(): Promise<void> } {
  let lastRunMs = Number.NEGATIVE_INFINITY;
  return {
    async runIfDue() {
      const nowMs = clock.nowMs();
      if (nowMs - lastRunMs < intervalMs) return;
      await evaluate();
      lastRunMs = nowMs;
    },
  };
}
