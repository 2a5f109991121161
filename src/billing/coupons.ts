import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Currency } from '../core/money.js';

/** A discount on a plan's fee: a percentage or an amount, for one period, some, or forever. */
export interface Coupon {
  id: string;
  code: string;
  kind: 'percent' | 'amount';
  percentBps: number;
  amountNanos: bigint;
  currency: Currency | null;
  duration: 'once' | 'repeating' | 'forever';
  durationPeriods: number;
  planCodes: string[] | null;
  expiresAtMs: number | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  createdAtMs: number;
}

export interface CouponStore {
  insertCoupon(coupon: Coupon): Promise<void>;
  getCoupon(idOrCode: string): Promise<Coupon | null>;
  listCoupons(): Promise<Coupon[]>;
}

export type CouponInput = Pick<Coupon, 'code' | 'kind' | 'duration'> & Partial<Pick<Coupon, 'percentBps' | 'amountNanos' | 'currency' | 'durationPeriods' | 'planCodes' | 'expiresAtMs' | 'maxRedemptions'>>;

export class CouponService {
  constructor(
    private readonly store: CouponStore,
    private readonly clock: Clock,
  ) {}

  async create(input: CouponInput): Promise<Coupon> {
    if (input.kind === 'percent' && !(Number.isInteger(input.percentBps) && input.percentBps! > 0 && input.percentBps! <= 10_000)) {
      throw new TollgateError('invalid_request', 'A percent coupon needs percentBps between 1 and 10000.', { param: 'percentBps' });
    }
    if (input.kind === 'amount' && (!input.amountNanos || input.amountNanos <= 0n || !input.currency)) {
      throw new TollgateError('invalid_request', 'An amount coupon needs a positive amount and its currency.', { param: 'amount' });
    }
    if (input.duration === 'repeating' && !(input.durationPeriods && input.durationPeriods > 0)) {
      throw new TollgateError('invalid_request', 'A repeating coupon needs durationPeriods > 0.', { param: 'durationPeriods' });
    }
    if (await this.store.getCoupon(input.code)) throw new TollgateError('conflict', `A coupon with code "${input.code}" exists already.`, { param: 'code' });
    const nowMs = this.clock.nowMs();
    const coupon: Coupon = {
      id: newId('coupon', nowMs),
      code: input.code,
      kind: input.kind,
      percentBps: input.percentBps ?? 0,
      amountNanos: input.amountNanos ?? 0n,
      currency: input.currency ?? null,
      duration: input.duration,
      durationPeriods: input.duration === 'once' ? 1 : (input.durationPeriods ?? 0),
      planCodes: input.planCodes ?? null,
      expiresAtMs: input.expiresAtMs ?? null,
      maxRedemptions: input.maxRedemptions ?? null,
      timesRedeemed: 0,
      createdAtMs: nowMs,
    };
    await this.store.insertCoupon(coupon);
    return coupon;
  }

  list(): Promise<Coupon[]> {
    return this.store.listCoupons();
  }

  /** The coupon a new subscription may use, or a catalog error saying why not. */
  async usable(code: string, planCode: string, currency: Currency): Promise<Coupon> {
    const coupon = await this.store.getCoupon(code);
    const nowMs = this.clock.nowMs();
    if (!coupon) throw new TollgateError('invalid_request', `No coupon "${code}".`, { param: 'coupon' });
    if (coupon.expiresAtMs !== null && coupon.expiresAtMs <= nowMs) throw new TollgateError('invalid_request', `Coupon "${code}" has expired.`, { param: 'coupon' });
    if (coupon.planCodes && !coupon.planCodes.includes(planCode)) throw new TollgateError('invalid_request', `Coupon "${code}" does not apply to plan ${planCode}.`, { param: 'coupon' });
    if (coupon.kind === 'amount' && coupon.currency !== currency) throw new TollgateError('invalid_request', `Coupon "${code}" is in ${coupon.currency}, the plan in ${currency}.`, { param: 'coupon' });
    if (coupon.maxRedemptions !== null && coupon.timesRedeemed >= coupon.maxRedemptions) throw new TollgateError('conflict', `Coupon "${code}" has been used up.`, { param: 'coupon' });
    return coupon;
  }
}

/** The discount a coupon gives on a fee in the subscription's `periodIndex`-th paid period (0 first). */
export function couponDiscountNanos(coupon: Coupon | null, feeNanos: bigint, periodsUsed: number): bigint {
  if (!coupon || feeNanos <= 0n) return 0n;
  if (coupon.duration !== 'forever' && periodsUsed >= coupon.durationPeriods) return 0n;
  const discount = coupon.kind === 'percent' ? (feeNanos * BigInt(coupon.percentBps)) / 10_000n : coupon.amountNanos;
  return discount > feeNanos ? feeNanos : discount;
}
