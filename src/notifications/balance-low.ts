import { type Currency, decimalString } from '../core/money.js';
import type { WebhookEventType } from './events.js';

export interface Notifier {
  emit(type: WebhookEventType, data: Record<string, unknown>, options: { eventId: string }): Promise<number>;
}

/** True when this movement is the one that took the balance from at-or-above to below the threshold. */
export function crossedBelow(balanceBeforeNanos: bigint, balanceAfterNanos: bigint, thresholdNanos: bigint): boolean {
  return balanceBeforeNanos >= thresholdNanos && balanceAfterNanos < thresholdNanos;
}

/**
 * Derived from the crossing itself, so reporting the same crossing again (a retried settlement,
 * a second replica) is the same event and delivered once. A later crossing, after a top-up, has
 * other balances and so is a new event.
 */
export function balanceLowEventId(customerId: string, balanceBeforeNanos: bigint, balanceAfterNanos: bigint, thresholdNanos: bigint): string {
  return `balance.low:${customerId}:${thresholdNanos}:${balanceBeforeNanos}:${balanceAfterNanos}`;
}

/**
 * For code that just moved a balance (a charge): emits `balance.low` if, and only if, this
 * movement crossed below the threshold. Returns whether it did. Money is sent as decimal strings.
 */
export async function maybeBalanceLow(
  notifier: Notifier,
  customer: { id: string; currency: Currency },
  balanceBeforeNanos: bigint,
  balanceAfterNanos: bigint,
  thresholdNanos: bigint,
): Promise<boolean> {
  if (!crossedBelow(balanceBeforeNanos, balanceAfterNanos, thresholdNanos)) return false;
  const data = {
    customerId: customer.id,
    currency: customer.currency,
    balance: decimalString(balanceAfterNanos),
    previousBalance: decimalString(balanceBeforeNanos),
    threshold: decimalString(thresholdNanos),
  };
  await notifier.emit('balance.low', data, { eventId: balanceLowEventId(customer.id, balanceBeforeNanos, balanceAfterNanos, thresholdNanos) });
  return true;
}
