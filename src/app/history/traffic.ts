/**
 * Synthetic requests through the real money path: the ChargingAdmitter admits each one (limits,
 * allowance, credit, a durable hold) and settles it with the usage a sim upstream would have
 * reported, exactly as the gateway does after forwarding. No HTTP and no model run.
 */
import type { Logger } from 'pino';
import type { PlanContext } from '../../billing/allowance.js';
import { isTollgateError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Customer } from '../../customers/types.js';
import type { Caller } from '../../gateway/catalog.js';
import type { ChargingAdmitter } from '../../gateway/charging.js';
import { chargingAdmitter } from '../charging.js';
import type { ApiKey } from '../../keys/types.js';
import type { Services } from '../services.js';
import type { RequestShape } from './scenario.js';

/** Text long enough for the largest prompt; a request's body takes a slice (no copy). */
const FILLER = 'lorem ipsum '.repeat(20_000);

export interface TrafficCounts {
  served: number;
  refused: number;
}

export class SyntheticTraffic {
  private readonly admitter: ChargingAdmitter;
  readonly counts: TrafficCounts = { served: 0, refused: 0 };

  constructor(
    private readonly services: Services,
    logger: Logger,
  ) {
    this.admitter = chargingAdmitter(services, logger);
  }

  /** Who is calling, as the gateway would resolve it now: a suspended or disabled customer cannot. */
  async caller(customerId: string, key: ApiKey): Promise<Caller | null> {
    const customer: Customer = await this.services.customers.get(customerId);
    if (customer.status !== 'active' || customer.suspendedAtMs !== null) return null;
    const subscription = await this.services.billing.subscription(customerId);
    const version = subscription ? await this.services.billing.ctx.plans.getVersion(subscription.planVersionId) : null;
    const plan: PlanContext | null = subscription && version ? { subscription, version } : null;
    return { key, customer, plan };
  }

  /** One request: admitted, then settled as completed with the shape's usage. Refusals are counted, not thrown. */
  async send(caller: Caller, shape: RequestShape): Promise<void> {
    const model = this.services.catalog.model(shape.model);
    const failedRoute = shape.failover && model && model.routes.length > 1 ? model.routes[0] : undefined;
    const route = model?.routes[failedRoute ? 1 : 0];
    if (!model || !route) throw new Error(`The history needs model ${shape.model} with a route.`);
    const startedAtMs = this.services.clock.nowMs();
    const body = { model: shape.model, messages: [{ role: 'user', content: FILLER.slice(0, shape.promptTokens * 2) }], max_tokens: shape.completionTokens };
    let admission;
    try {
      admission = await this.admitter.admit({ requestId: newId('req', startedAtMs), endpoint: 'chat.completions', caller, model, body, bodyText: null, stream: false, startedAtMs, idempotencyKey: null });
    } catch (error) {
      if (!isTollgateError(error)) throw error;
      this.counts.refused++;
      return;
    }
    const usage = { promptTokens: shape.promptTokens, cachedPromptTokens: Math.min(shape.cachedPromptTokens, shape.promptTokens), completionTokens: shape.completionTokens, reasoningTokens: 0, estimated: false };
    const latencyMs = 300 + shape.completionTokens * 4;
    const failedAttempts = failedRoute ? [{ upstreamId: failedRoute.upstreamId, outcome: 'status', httpStatus: 503, latencyMs: 800, startedAtMs }] : [];
    await admission.settle({ outcome: 'completed', route, usage, latencyMs: latencyMs + (failedRoute ? 800 : 0), firstByteMs: 250, httpStatus: 200, failedAttempts });
    this.counts.served++;
  }
}
