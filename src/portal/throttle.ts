import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { retryHeaders } from '../gateway/rate-headers.js';
import type { Lease, Limiter, LimitRule } from '../limits/types.js';

/** Something failures are counted against: an email, an address, a customer. */
export interface Subject {
  /** e.g. `signin:email`; the value itself is hashed, so no email ends up in Redis. */
  kind: string;
  value: string;
  limit: number;
}

const ONE = { requests: 1n, tokens: 0n, spend: 0n };
/** Failures count for 15 minutes. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
const LEASE_MS = 60_000;

/**
 * Counts failed attempts (sign-ins, redemption codes) in a rolling window, with the shared
 * limiter so replicas count together. Each attempt reserves one failure per subject before it
 * runs and gives it back when it succeeds: checking first means a blocked guesser learns nothing,
 * even with the right password, and reserving first means parallel guesses cannot slip past.
 */
export class FailureThrottle {
  constructor(
    private readonly limiter: Limiter,
    private readonly clock: Clock,
    private readonly windowMs: number = FAILURE_WINDOW_MS,
  ) {}

  async run<T>(subjects: readonly Subject[], attempt: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const leases = await this.reserve(subjects);
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      await this.finish(leases, isFailure(error));
      throw error;
    }
    await this.finish(leases, false);
    return result;
  }

  private async reserve(subjects: readonly Subject[]): Promise<Lease[]> {
    const leases: Lease[] = [];
    for (const subject of subjects) {
      const result = await this.limiter.acquire([this.rule(subject)], ONE, this.clock.nowMs(), LEASE_MS);
      if (result.ok) {
        leases.push(result.lease);
        continue;
      }
      await this.finish(leases, false);
      throw new TollgateError('rate_limit_exceeded', `Too many failed attempts. Please try again in ${Math.ceil(result.retryAfterMs / 1000)}s.`, { headers: retryHeaders(result) });
    }
    return leases;
  }

  private async finish(leases: Lease[], failed: boolean): Promise<void> {
    const nowMs = this.clock.nowMs();
    for (const lease of leases) await (failed ? this.limiter.settle(lease, ONE, nowMs) : this.limiter.release(lease, nowMs));
  }

  private rule(subject: Subject): LimitRule {
    const id = `${subject.kind}:${createHash('sha256').update(subject.value).digest('hex').slice(0, 32)}`;
    return { id, scope: id, metric: 'requests', window: { kind: 'rolling', ms: this.windowMs }, limit: BigInt(subject.limit) };
  }
}
