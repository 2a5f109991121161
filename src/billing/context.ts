import type { Clock } from '../core/clock.js';
import type { CustomerService } from '../customers/service.js';
import type { PriceService } from '../models/prices.js';
import type { CouponService } from './coupons.js';
import type { PlanService } from './plans.js';
import type { BillingStore } from './store.js';

/** Sends an operator webhook; the event id makes a repeat harmless. */
export type Notify = (type: string, data: Record<string, unknown>, eventId: string) => Promise<void>;

/** What the billing verbs work with; built once by the composition root. */
export interface BillingContext {
  store: BillingStore;
  plans: PlanService;
  coupons: CouponService;
  customers: CustomerService;
  prices: PriceService;
  clock: Clock;
  notify: Notify;
  /** Days after an invoice's due date until the customer's keys are suspended. */
  graceDays: number;
}
