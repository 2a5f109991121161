/**
 * When a failed delivery is tried again: 10 s, 30 s, 2 min, 10 min, 1 h, 6 h after the 1st … 6th
 * failure, each stretched by up to JITTER_RATIO at random so that an endpoint that was down does
 * not get every queued event in the same second when it comes back. The 7th failure is final.
 */
export const RETRY_DELAYS_MS: readonly number[] = [10_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER_RATIO = 0.1;

/** The wait after `attempts` failed attempts, or null when the delivery has used them all. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const baseMs = RETRY_DELAYS_MS[Math.max(0, attempts - 1)]!;
  return Math.floor(baseMs * (1 + JITTER_RATIO * random()));
}
