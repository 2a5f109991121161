import { periodAt, prorate } from './periods.js';
import type { PlanVersion } from './plans.js';
import type { Subscription } from './subscription-types.js';

/** A customer's live subscription and the plan version it is on, as the request path sees them. */
export interface PlanContext {
  subscription: Subscription;
  version: PlanVersion;
}

/** The allowance in force at a moment: what the plan includes from `startMs` to `endMs`. */
export interface AllowanceWindow {
  key: string;
  subscriptionId: string;
  startMs: number;
  endMs: number;
  includedNanos: bigint;
  includedTokens: bigint;
}

/**
 * The period containing `atMs`, computed from the subscription's anchor so the allowance renews on
 * time even before the renewal job has run. A plan changed mid-period gives the new version's
 * allowance prorated to the rest of the period; usage before the change counted against the old one.
 */
export function allowanceWindow(plan: PlanContext, atMs: number): AllowanceWindow {
  const { subscription: sub, version } = plan;
  const period = sub.status === 'trialing' && atMs < sub.periodEndMs ? { startMs: sub.periodStartMs, endMs: sub.periodEndMs } : periodAt(sub.anchorMs, version.interval, atMs);
  const startMs = Math.max(period.startMs, sub.versionSinceMs);
  const prorated = (amount: bigint) => (startMs > period.startMs ? prorate(amount, period.startMs, period.endMs, startMs, 'floor') : amount);
  return {
    key: `${sub.id}:${version.id}:${startMs}`,
    subscriptionId: sub.id,
    startMs,
    endMs: period.endMs,
    includedNanos: prorated(version.includedNanos),
    includedTokens: prorated(version.includedTokens),
  };
}

export interface AllowanceUsageSource {
  /** Allowance already used by settled requests of the subscription in [fromMs, toMs). */
  allowanceUsed(subscriptionId: string, fromMs: number, toMs: number): Promise<{ nanos: bigint; tokens: bigint }>;
}

interface WindowState {
  endMs: number;
  usedNanos: bigint;
  usedTokens: bigint;
  reservedNanos: bigint;
  reservedTokens: bigint;
  reservations: Map<string, { nanos: bigint; tokens: bigint }>;
}

/**
 * What is left of each plan allowance, in one process: usage settled (loaded once from the usage
 * events, then kept current) plus reservations of requests in flight. Tokens are used before
 * money. Like the credit guard, check-and-reserve has no await in between.
 */
export class AllowanceGuard {
  private readonly windows = new Map<string, WindowState>();
  private readonly loading = new Map<string, Promise<WindowState>>();

  constructor(private readonly source: AllowanceUsageSource) {}

  /** Reserves up to the wanted amounts; returns what it could reserve. */
  async reserve(window: AllowanceWindow, holdId: string, wanted: { nanos: (coveredTokens: bigint) => bigint; tokens: bigint }): Promise<{ nanos: bigint; tokens: bigint }> {
    const state = await this.state(window);
    const tokens = min(wanted.tokens, remaining(window.includedTokens, state.usedTokens + state.reservedTokens));
    const nanos = min(wanted.nanos(tokens), remaining(window.includedNanos, state.usedNanos + state.reservedNanos));
    if (nanos > 0n || tokens > 0n) {
      state.reservations.set(holdId, { nanos, tokens });
      state.reservedNanos += nanos;
      state.reservedTokens += tokens;
    }
    return { nanos, tokens };
  }

  /**
   * Uses the allowance for a settled request: its own reservation plus whatever else is left, up
   * to what it actually used. Returns what the allowance covered.
   */
  async consume(window: AllowanceWindow, holdId: string, used: { tokens: bigint; nanos: (coveredTokens: bigint) => bigint }): Promise<{ nanos: bigint; tokens: bigint }> {
    const state = await this.state(window);
    this.release(window, holdId);
    const tokens = min(used.tokens, remaining(window.includedTokens, state.usedTokens + state.reservedTokens));
    const nanos = min(used.nanos(tokens), remaining(window.includedNanos, state.usedNanos + state.reservedNanos));
    state.usedTokens += tokens;
    state.usedNanos += nanos;
    return { nanos, tokens };
  }

  /** Takes back what `consume` booked when the settlement did not commit. */
  unconsume(window: AllowanceWindow, covered: { nanos: bigint; tokens: bigint }): void {
    const state = this.windows.get(window.key);
    if (!state) return;
    state.usedNanos -= covered.nanos;
    state.usedTokens -= covered.tokens;
  }

  release(window: AllowanceWindow, holdId: string): void {
    const state = this.windows.get(window.key);
    const reservation = state?.reservations.get(holdId);
    if (!state || !reservation) return;
    state.reservations.delete(holdId);
    state.reservedNanos -= reservation.nanos;
    state.reservedTokens -= reservation.tokens;
  }

  private state(window: AllowanceWindow): WindowState | Promise<WindowState> {
    const cached = this.windows.get(window.key);
    if (cached) return cached;
    let pending = this.loading.get(window.key);
    if (!pending) {
      pending = this.source.allowanceUsed(window.subscriptionId, window.startMs, window.endMs).then((used) => {
        const state = this.windows.get(window.key) ?? { endMs: window.endMs, usedNanos: used.nanos, usedTokens: used.tokens, reservedNanos: 0n, reservedTokens: 0n, reservations: new Map() };
        this.forgetEnded(window.startMs);
        this.windows.set(window.key, state);
        return state;
      });
      pending.finally(() => this.loading.delete(window.key)).catch(() => undefined);
      this.loading.set(window.key, pending);
    }
    return pending;
  }

  /** Windows that ended before this one began are never used again. */
  private forgetEnded(beforeMs: number): void {
    for (const [key, state] of this.windows) if (state.endMs <= beforeMs && state.reservations.size === 0) this.windows.delete(key);
  }
}

function remaining(included: bigint, taken: bigint): bigint {
  return included > taken ? included - taken : 0n;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
