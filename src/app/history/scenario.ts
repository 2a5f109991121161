/**
 * Who the generated history is about. Moments are fractions of the history's length, so a short
 * history (a test's week) still has every kind of customer and event, only closer together.
 */
import type { Overage } from '../../billing/plans.js';

export interface PlanSpec {
  code: string;
  name: string;
  feeNanos: bigint;
  includedNanos: bigint;
  includedTokens: bigint;
  overage: Overage;
}

const USD = 1_000_000_000n;

export const historyPlans: PlanSpec[] = [
  { code: 'starter', name: 'Starter', feeNanos: 29n * USD, includedNanos: 5n * USD, includedTokens: 0n, overage: 'credit' },
  { code: 'pro', name: 'Pro', feeNanos: 99n * USD, includedNanos: 40n * USD, includedTokens: 0n, overage: 'arrears' },
  { code: 'team', name: 'Team', feeNanos: 299n * USD, includedNanos: 150n * USD, includedTokens: 0n, overage: 'arrears' },
  // A flat plan with a token allowance no sensible customer uses up: one customer does.
  { code: 'flat', name: 'Flat', feeNanos: 49n * USD, includedNanos: 0n, includedTokens: 5_000_000_000n, overage: 'block' },
];

/** What one request of a customer looks like: which model, and how many tokens. */
export type Profile = 'chat' | 'large' | 'mixed' | 'heavy';

export interface PlanEvent {
  at: number;
  action: 'subscribe' | 'change' | 'cancel';
  plan?: string;
}

/** How a prepaid customer keeps credit: it tops up to `targetDays` of spend whenever less than `belowDays` is left. */
export interface CreditPolicy {
  belowDays: number;
  targetDays: number;
}

export interface CastMember {
  ref: string;
  name: string;
  billingMode: 'prepaid' | 'postpaid';
  joinAt: number;
  requestsPerDay: number;
  profile: Profile;
  plans: PlanEvent[];
  credit?: CreditPolicy;
  /** Leaves invoices issued in the last `unpaidDays` unpaid: the past-due customer. */
  unpaidDays?: number;
  /** Calls this much whatever the history's volume: the story needs its cost to beat its fee. */
  fixedVolume?: boolean;
}

const keepCredit: CreditPolicy = { belowDays: 5, targetDays: 20 };

export const cast: CastMember[] = [
  { ref: 'hist-nimbus', name: 'Nimbus Analytics', billingMode: 'prepaid', joinAt: 0, requestsPerDay: 110, profile: 'mixed', plans: [], credit: keepCredit },
  { ref: 'hist-quanta', name: 'Quanta Health', billingMode: 'postpaid', joinAt: 0, requestsPerDay: 80, profile: 'mixed', plans: [] },
  { ref: 'hist-heavy', name: 'Heavyweight Labs', billingMode: 'prepaid', joinAt: 0, requestsPerDay: 180, profile: 'heavy', plans: [{ at: 0, action: 'subscribe', plan: 'flat' }], fixedVolume: true },
  { ref: 'hist-atlas', name: 'Atlas Logistics', billingMode: 'postpaid', joinAt: 0.02, requestsPerDay: 100, profile: 'large', plans: [{ at: 0.02, action: 'subscribe', plan: 'team' }, { at: 0.75, action: 'change', plan: 'pro' }] },
  { ref: 'hist-lumen', name: 'Lumen Studio', billingMode: 'prepaid', joinAt: 0.1, requestsPerDay: 50, profile: 'chat', plans: [{ at: 0.1, action: 'subscribe', plan: 'starter' }, { at: 0.5, action: 'change', plan: 'pro' }], credit: keepCredit },
  { ref: 'hist-zephyr', name: 'Zephyr Games', billingMode: 'prepaid', joinAt: 0.2, requestsPerDay: 30, profile: 'chat', plans: [{ at: 0.2, action: 'subscribe', plan: 'starter' }, { at: 0.45, action: 'cancel' }, { at: 0.8, action: 'subscribe', plan: 'starter' }], credit: keepCredit },
  { ref: 'hist-vector', name: 'Vector Robotics', billingMode: 'postpaid', joinAt: 0.22, requestsPerDay: 60, profile: 'large', plans: [{ at: 0.22, action: 'subscribe', plan: 'pro' }], unpaidDays: 20 },
  { ref: 'hist-kite', name: 'Kite Legal', billingMode: 'prepaid', joinAt: 0.35, requestsPerDay: 30, profile: 'chat', plans: [{ at: 0.35, action: 'subscribe', plan: 'starter' }], credit: keepCredit },
  { ref: 'hist-pulse', name: 'Pulse Media', billingMode: 'postpaid', joinAt: 0.55, requestsPerDay: 50, profile: 'mixed', plans: [{ at: 0.55, action: 'subscribe', plan: 'pro' }] },
  // Joins late with twelve days of credit: near the end it has a few left, which the credit alert sees.
  { ref: 'hist-orbit', name: 'Orbit Search', billingMode: 'prepaid', joinAt: 0.9, requestsPerDay: 40, profile: 'large', plans: [], credit: { belowDays: 3, targetDays: 12 } },
  { ref: 'hist-ridge', name: 'Ridge Capital', billingMode: 'prepaid', joinAt: 0.65, requestsPerDay: 40, profile: 'chat', plans: [], credit: keepCredit },
  { ref: 'hist-sable', name: 'Sable Retail', billingMode: 'prepaid', joinAt: 0.85, requestsPerDay: 30, profile: 'chat', plans: [{ at: 0.85, action: 'subscribe', plan: 'starter' }], credit: keepCredit },
];

/** Usage grows this much per day after a customer joins. */
export const DAILY_GROWTH = 0.012;

/** Roughly what a request of a profile is charged, for sizing top-ups before the traffic exists. */
export const USD_PER_REQUEST: Record<Profile, number> = { chat: 0.0012, large: 0.02, mixed: 0.011, heavy: 0.02 };

export interface RequestShape {
  model: string;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  /** The model's first route answered 503 and the next one served (one large request in 50). */
  failover?: boolean;
}

export function requestShape(profile: Profile, random: () => number): RequestShape {
  const jitter = () => 0.5 + random();
  switch (profile) {
    case 'heavy':
      return { model: 'sim-mini', promptTokens: Math.round(80_000 * jitter()), cachedPromptTokens: 20_000, completionTokens: Math.round(16_000 * jitter()) };
    case 'large': {
      const promptTokens = Math.round(3_000 * jitter());
      // Drawn from the shape itself, so the history's random sequence (and every other number) stays as it was.
      return { model: 'sim-large', promptTokens, cachedPromptTokens: 0, completionTokens: Math.round(1_200 * jitter()), failover: promptTokens % 50 === 7 };
    }
    case 'mixed':
      return requestShape(random() < 0.5 ? 'chat' : 'large', random);
    case 'chat':
      return { model: 'sim-mini', promptTokens: Math.round(3_000 * jitter()), cachedPromptTokens: Math.round(500 * random()), completionTokens: Math.round(1_200 * jitter()) };
  }
}

/** Busier in the (UTC) afternoon, quieter at night and at weekends. */
export function hourWeight(hourOfDay: number, dayOfWeek: number): number {
  const diurnal = 1 + 0.6 * Math.sin((2 * Math.PI * (hourOfDay - 8)) / 24);
  return (dayOfWeek === 0 || dayOfWeek === 6 ? 0.6 : 1) * diurnal;
}
