/** The generated customers: when they join, what they subscribe to, how they pay and how much they call. */
import { DAY_MS } from '../../analytics/finance/calendar.js';
import type { Customer } from '../../customers/types.js';
import type { Caller } from '../../gateway/catalog.js';
import type { ApiKey } from '../../keys/types.js';
import type { Services } from '../services.js';
import { around } from './random.js';
import { cast, type CastMember, DAILY_GROWTH, historyPlans, type RequestShape, requestShape, USD_PER_REQUEST } from './scenario.js';
import type { SyntheticTraffic } from './traffic.js';

const USD = 1_000_000_000n;
const CENT = 10_000_000n;
const MIN_TOP_UP_NANOS = 10n * USD;
/** Invoices are paid this long after they are issued (bank transfers take a while). */
const PAYMENT_DELAY_MS = 2 * DAY_MS;

interface Member {
  spec: CastMember;
  customer: Customer;
  key: ApiKey;
  caller: Caller | null;
}

export class Cast {
  private readonly members = new Map<string, Member>();

  constructor(
    private readonly services: Services,
    private readonly traffic: SyntheticTraffic,
    private readonly o: { startMs: number; days: number; volume: number; random: () => number },
  ) {}

  async startOfDay(day: number): Promise<void> {
    if (day === 0) await this.createPlans();
    for (const spec of cast) {
      if (this.dayOf(spec.joinAt) === day) await this.join(spec);
      for (const event of spec.plans) if (this.dayOf(event.at) === day) await this.planEvent(spec.ref, event);
    }
    for (const member of this.members.values()) await this.keepCredit(member, day);
    await this.payInvoices(day);
    for (const member of this.members.values()) member.caller = await this.traffic.caller(member.customer.id, member.key);
  }

  requestsThisHour(day: number, weight: number): { caller: Caller; shape: RequestShape }[] {
    const out: { caller: Caller; shape: RequestShape }[] = [];
    for (const member of this.members.values()) {
      if (!member.caller) continue;
      const count = around((this.requestsPerDay(member.spec, day) * weight) / 24, this.o.random);
      for (let i = 0; i < count; i++) out.push({ caller: member.caller, shape: requestShape(member.spec.profile, this.o.random) });
    }
    return out;
  }

  /** Every finalized invoice issued at least two days ago is paid in full, but the past-due customer's latest. */
  async payInvoices(day: number): Promise<void> {
    const nowMs = this.services.clock.nowMs();
    const endMs = this.o.startMs + this.o.days * DAY_MS;
    for (const invoice of await this.services.billing.invoices({ status: 'finalized', limit: 10_000 })) {
      const owed = invoice.amountDueNanos - invoice.amountPaidNanos;
      if (invoice.kind !== 'invoice' || owed <= 0n || (invoice.issuedAtMs ?? nowMs) > nowMs - PAYMENT_DELAY_MS) continue;
      const unpaidDays = [...this.members.values()].find((m) => m.customer.id === invoice.customerId)?.spec.unpaidDays;
      if (unpaidDays !== undefined && invoice.issuedAtMs! >= endMs - unpaidDays * DAY_MS) continue;
      const customer = await this.services.customers.get(invoice.customerId);
      await this.services.payments.recordManualPayment(customer, { purpose: 'invoice', invoiceId: invoice.id, amountNanos: owed, reference: `hist-${invoice.id}-${day}` });
    }
  }

  private dayOf(fraction: number): number {
    return Math.min(this.o.days - 1, Math.floor(fraction * this.o.days));
  }

  private requestsPerDay(spec: CastMember, day: number): number {
    return spec.requestsPerDay * (spec.fixedVolume ? 1 : this.o.volume) * (1 + DAILY_GROWTH) ** Math.max(0, day - this.dayOf(spec.joinAt));
  }

  private async createPlans(): Promise<void> {
    const plans = this.services.billing.ctx.plans;
    for (const p of historyPlans) {
      if ((await plans.list()).some((existing) => existing.code === p.code)) continue;
      await plans.create({ code: p.code, name: p.name, currency: 'USD', interval: 'month', feeNanos: p.feeNanos, includedNanos: p.includedNanos, includedTokens: p.includedTokens, overage: p.overage });
    }
  }

  private async join(spec: CastMember): Promise<void> {
    const { customers, keys } = this.services;
    const customer = (await customers.findByRef(spec.ref)) ?? (await customers.create({ ref: spec.ref, name: spec.name, currency: 'USD', billingMode: spec.billingMode, email: `billing@${spec.ref.slice(5)}.example` }));
    const existing = (await keys.list({ customerId: customer.id, limit: 10 })).find((k) => k.status === 'active');
    const key = existing ?? (await keys.issue(customer.id, { name: 'history' })).key;
    this.members.set(spec.ref, { spec, customer, key, caller: null });
  }

  private async planEvent(ref: string, event: CastMember['plans'][number]): Promise<void> {
    const member = this.members.get(ref);
    if (!member) return;
    const billing = this.services.billing;
    const live = await billing.subscription(member.customer.id);
    if (event.action === 'subscribe' && !live) await billing.subscribe(member.customer, event.plan!);
    if (event.action === 'change' && live) await billing.changePlan(live.id, event.plan!);
    if (event.action === 'cancel' && live) await billing.cancel(live.id, { atPeriodEnd: false });
  }

  /** Tops a prepaid customer up to some days of its expected spend when it runs low (see CreditPolicy). */
  private async keepCredit(member: Member, day: number): Promise<void> {
    const policy = member.spec.credit;
    if (!policy) return;
    const spendNanos = BigInt(Math.ceil(this.requestsPerDay(member.spec, day) * USD_PER_REQUEST[member.spec.profile] * 1e9));
    const { walletNanos } = await this.services.ledger.balances(member.customer.id);
    if (walletNanos >= spendNanos * BigInt(policy.belowDays)) return;
    const wanted = spendNanos * BigInt(policy.targetDays) - walletNanos;
    const amountNanos = (((wanted > MIN_TOP_UP_NANOS ? wanted : MIN_TOP_UP_NANOS) + CENT - 1n) / CENT) * CENT;
    await this.services.payments.recordManualPayment(member.customer, { purpose: 'top_up', amountNanos, reference: `hist-top-up-${day}` });
  }
}
