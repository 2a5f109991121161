import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Currency } from '../core/money.js';
import type { LimitSettings } from '../limits/settings.js';
import type { Interval } from './periods.js';

/** What happens to usage beyond the plan's allowance. */
export type Overage = 'credit' | 'arrears' | 'block';

/**
 * One version of a plan. A version never changes: editing a plan adds a version, and
 * subscriptions keep the version they subscribed to until they change plan.
 */
export interface PlanVersion {
  id: string;
  planId: string;
  version: number;
  currency: Currency;
  interval: Interval;
  feeNanos: bigint;
  /** Usage value the fee includes each period (0 for none). */
  includedNanos: bigint;
  /** Tokens the fee includes each period (0 for none); used before the money allowance. */
  includedTokens: bigint;
  /** credit: draw on prepaid credit; arrears: bill on the next invoice; block: refuse. */
  overage: Overage;
  limits: LimitSettings;
  allowedModels: string[] | null;
  trialDays: number;
  /** Discount per public model, in basis points off the price book. */
  discounts: Record<string, number>;
  createdAtMs: number;
}

export interface Plan {
  id: string;
  code: string;
  name: string;
  description: string | null;
  status: 'active' | 'archived';
  current: PlanVersion;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface PlanStore {
  insertPlan(plan: Omit<Plan, 'current'>, version: PlanVersion): Promise<void>;
  insertPlanVersion(version: PlanVersion): Promise<void>;
  getPlan(idOrCode: string): Promise<Plan | null>;
  getPlanVersion(id: string): Promise<PlanVersion | null>;
  listPlans(): Promise<Plan[]>;
  listPlanVersions(planId: string): Promise<PlanVersion[]>;
  setPlanStatus(id: string, status: Plan['status'], nowMs: number): Promise<void>;
}

export type PlanVersionInput = Omit<PlanVersion, 'id' | 'planId' | 'version' | 'createdAtMs' | 'limits' | 'allowedModels' | 'trialDays' | 'discounts' | 'includedNanos' | 'includedTokens' | 'overage'> & {
  includedNanos?: bigint;
  includedTokens?: bigint;
  overage?: Overage;
  limits?: LimitSettings;
  allowedModels?: string[] | null;
  trialDays?: number;
  discounts?: Record<string, number>;
};

export class PlanService {
  constructor(
    private readonly store: PlanStore,
    private readonly clock: Clock,
  ) {}

  async create(input: { code: string; name: string; description?: string | null } & PlanVersionInput): Promise<Plan> {
    if (await this.store.getPlan(input.code)) throw new TollgateError('conflict', `A plan with code "${input.code}" exists already.`, { param: 'code' });
    const nowMs = this.clock.nowMs();
    const planId = newId('plan', nowMs);
    const version = makeVersion(planId, 1, input, nowMs);
    await this.store.insertPlan({ id: planId, code: input.code, name: input.name, description: input.description ?? null, status: 'active', createdAtMs: nowMs, updatedAtMs: nowMs }, version);
    return (await this.store.getPlan(planId))!;
  }

  /** Adds a version; existing subscriptions keep theirs (history is never rewritten). */
  async addVersion(idOrCode: string, input: PlanVersionInput): Promise<Plan> {
    const plan = await this.get(idOrCode);
    await this.store.insertPlanVersion(makeVersion(plan.id, plan.current.version + 1, input, this.clock.nowMs()));
    return (await this.store.getPlan(plan.id))!;
  }

  async get(idOrCode: string): Promise<Plan> {
    const plan = await this.store.getPlan(idOrCode);
    if (!plan) throw new TollgateError('not_found', `No plan "${idOrCode}".`);
    return plan;
  }

  list(): Promise<Plan[]> {
    return this.store.listPlans();
  }

  versions(planId: string): Promise<PlanVersion[]> {
    return this.store.listPlanVersions(planId);
  }

  async getVersion(id: string): Promise<PlanVersion> {
    const version = await this.store.getPlanVersion(id);
    if (!version) throw new TollgateError('not_found', `No plan version ${id}.`);
    return version;
  }

  async archive(idOrCode: string): Promise<Plan> {
    const plan = await this.get(idOrCode);
    await this.store.setPlanStatus(plan.id, 'archived', this.clock.nowMs());
    return (await this.store.getPlan(plan.id))!;
  }
}

function makeVersion(planId: string, number: number, input: PlanVersionInput, nowMs: number): PlanVersion {
  validate(input);
  return {
    id: newId('planv', nowMs),
    planId,
    version: number,
    currency: input.currency,
    interval: input.interval,
    feeNanos: input.feeNanos,
    includedNanos: input.includedNanos ?? 0n,
    includedTokens: input.includedTokens ?? 0n,
    overage: input.overage ?? 'credit',
    limits: input.limits ?? {},
    allowedModels: input.allowedModels ?? null,
    trialDays: input.trialDays ?? 0,
    discounts: input.discounts ?? {},
    createdAtMs: nowMs,
  };
}

function validate(input: PlanVersionInput): void {
  if (input.feeNanos < 0n) throw new TollgateError('invalid_request', 'The fee must not be negative.', { param: 'fee' });
  if ((input.includedNanos ?? 0n) < 0n || (input.includedTokens ?? 0n) < 0n) throw new TollgateError('invalid_request', 'An allowance must not be negative.', { param: 'included' });
  for (const [model, bps] of Object.entries(input.discounts ?? {})) {
    if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw new TollgateError('invalid_request', `The discount for ${model} must be 0..10000 basis points.`, { param: 'discounts' });
  }
  if ((input.trialDays ?? 0) < 0 || (input.trialDays ?? 0) > 365) throw new TollgateError('invalid_request', 'trialDays must be 0..365.', { param: 'trialDays' });
}
