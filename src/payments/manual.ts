import type { Payment } from './types.js';

const PREFIX = 'manual:';

/**
 * A manual payment keeps the operator's reference in `externalId`, scoped by customer: the column
 * is unique, so recording the same bank transfer twice finds the first record instead of paying twice.
 */
export function manualExternalId(customerId: string, reference: string): string {
  return `${PREFIX}${customerId}:${reference}`;
}

export function manualReference(payment: Payment): string | null {
  const scope = `${PREFIX}${payment.customerId}:`;
  return payment.provider === 'manual' && payment.externalId?.startsWith(scope) ? payment.externalId.slice(scope.length) : null;
}
