import type { Services } from '../app/services.js';
import type { ManualClock } from '../core/clock.js';
import { settleAll, usageEvent } from './usage-events.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const NOV_1 = Date.UTC(2026, 10, 1);
export const DEC_1 = Date.UTC(2026, 11, 1);
/** Monday 2 November 2026, 10:00 UTC: the one hour with traffic. */
export const BUSY_HOUR = NOV_1 + DAY_MS + 10 * HOUR_MS;

/** Whole dollars and cents as nanos, for test literals ("3.20" → 3_200_000_000n). */
export function $(dollars: string): bigint {
  const [whole, cents = ''] = dollars.split('.');
  return BigInt(whole!) * 1_000_000_000n + BigInt(cents.padEnd(9, '0'));
}

export interface November {
  alphaId: string;
  betaId: string;
  a1: string;
  b1: string;
  apiId: string;
  gpuId: string;
  planId: string;
  subscriptionId: string;
}

/**
 * November 2026 of two customers, by hand:
 *
 * - upstream "api" bills per token (the costs are in the events); upstream "gpu" is 2 GPUs at
 *   $2.50 an hour ($5.00/hour) serving 1000 tokens/s (3 600 000 tokens an hour), shared by tokens;
 * - alpha subscribes to plan "basic" ($10/month) on 1 November; beta has no plan and $5 of granted credit;
 * - in the hour from 2 November 10:00:
 *   alpha/a1 small@api: 1000+500 tokens, charged $3.00, $1.00 covered by the plan, cost $1.20
 *   alpha/a1 big@gpu:   300 000+60 000 tokens, charged $2.00
 *   beta/b1  small@api: 2000+1000 tokens, charged $4.00 of which $1.50 from granted credit, cost $5.00
 *   beta/b1  big@gpu:   720 000 tokens, charged $0.50
 *   beta/b1  small@api: one failed attempt (502, 500 ms)
 * - the clock then moves to 1 December 00:30: billing recognises alpha's $10 fee for November and
 *   the GPU job allocates November's 720 hours.
 */
export async function seedNovember(s: Services, clock: ManualClock): Promise<November> {
  clock.set(NOV_1);
  const api = await s.upstreams.create({ name: 'api', type: 'sim' });
  const gpu = await s.upstreams.create({ name: 'gpu', type: 'sim' });
  await s.costCards.add(gpu.id, { kind: 'gpu_hour', currency: 'USD', hourlyPerGpu: '2.50', gpuCount: 2, capacityTokensPerSecond: 1000 });
  const alpha = await s.customers.create({ name: 'alpha', ref: 'alpha', currency: 'USD' });
  const beta = await s.customers.create({ name: 'beta', ref: 'beta', currency: 'USD' });
  const a1 = (await s.keys.issue(alpha.id, { name: 'a1' })).key.id;
  const b1 = (await s.keys.issue(beta.id, { name: 'b1' })).key.id;
  const plan = await s.billing.ctx.plans.create({ code: 'basic', name: 'Basic', currency: 'USD', interval: 'month', feeNanos: $('10') });
  const { subscription } = await s.billing.subscribe(alpha, 'basic');
  await s.ledger.grant(beta, { amountNanos: $('5'), reason: 'promotion' });

  const at = (minute: number) => BUSY_HOUR + minute * 60_000;
  const onPlan = { subscriptionId: subscription.id, planId: plan.id };
  await settleAll(s, [
    usageEvent({ customerId: alpha.id, keyId: a1, model: 'small', upstreamId: api.id, startedAtMs: at(1), promptTokens: 1000, completionTokens: 500, revenueNanos: $('3'), includedNanos: $('1'), costNanos: $('1.20'), ...onPlan }),
    usageEvent({ customerId: alpha.id, keyId: a1, model: 'big', upstreamId: gpu.id, startedAtMs: at(2), promptTokens: 300_000, completionTokens: 60_000, revenueNanos: $('2'), latencyMs: 2000, ...onPlan }),
    usageEvent({ customerId: beta.id, keyId: b1, model: 'small', upstreamId: api.id, startedAtMs: at(3), promptTokens: 2000, completionTokens: 1000, revenueNanos: $('4'), promoNanos: $('1.50'), costNanos: $('5') }),
    usageEvent({ customerId: beta.id, keyId: b1, model: 'big', upstreamId: gpu.id, startedAtMs: at(4), promptTokens: 720_000, revenueNanos: $('0.50') }),
    usageEvent({ customerId: beta.id, keyId: b1, model: 'small', upstreamId: api.id, startedAtMs: at(5), outcome: 'failed', httpStatus: 502, latencyMs: 500 }),
  ]);

  clock.set(DEC_1 + 30 * 60_000);
  await s.billing.run();
  const run = await s.gpuAllocation.run();
  if (run.allocatedHours !== 720) throw new Error(`expected November's 720 GPU hours, allocated ${run.allocatedHours}`);
  return { alphaId: alpha.id, betaId: beta.id, a1, b1, apiId: api.id, gpuId: gpu.id, planId: plan.id, subscriptionId: subscription.id };
}
