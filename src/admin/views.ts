import type { Customer } from '../customers/types.js';
import { publicKey } from '../keys/service.js';
import type { ApiKey } from '../keys/types.js';
import { limitsFromInput, type LimitsInput, showMoney, showNullable, viewLimits } from './money-schemas.js';

/** What the admin API shows of a customer: money as decimal strings. */
export function viewCustomer(customer: Customer) {
  const { overdraftNanos, creditLimitNanos, lowBalanceNanos, limits, ...rest } = customer;
  return { ...rest, overdraft: showMoney(overdraftNanos), creditLimit: showNullable(creditLimitNanos), lowBalance: showNullable(lowBalanceNanos), limits: viewLimits(limits) };
}

export function viewKey(key: ApiKey) {
  return { ...publicKey(key), limits: viewLimits(key.limits) };
}

/** API billing fields (decimal money, friendly limits) to the service's fields (nanos). */
export function billingFields(input: { billingMode?: 'prepaid' | 'postpaid'; overdraft?: bigint; creditLimit?: bigint | null; lowBalance?: bigint | null; limits?: LimitsInput }) {
  return {
    billingMode: input.billingMode,
    overdraftNanos: input.overdraft,
    creditLimitNanos: input.creditLimit,
    lowBalanceNanos: input.lowBalance,
    limits: input.limits ? limitsFromInput(input.limits) : undefined,
  };
}
