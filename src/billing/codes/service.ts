import type { Clock } from '../../core/clock.js';
import { TollgateError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { type Currency, isCurrency } from '../../core/money.js';
import type { LedgerService } from '../../ledger/service.js';
import { codePrefix, generateCodes, hashCode, normalizeCode } from './format.js';
import type { BatchSummary, Redemption, RedemptionBatch, RedemptionStore, StoredCode } from './types.js';

export const MAX_CODES_PER_BATCH = 100_000;
/** The ledger refuses larger single movements; a code it would refuse must not be issued. */
const MAX_AMOUNT_NANOS = 10n ** 18n;
/** A fresh set of codes is drawn when one collides with a stored code (at 60 bits, practically never). */
const COLLISION_RETRIES = 3;

export interface BatchInput {
  name: string;
  currency: Currency;
  amountNanos: bigint;
  count: number;
  expiresAtMs?: number | null;
}

interface Customer {
  id: string;
  currency: Currency;
}

/** Redemption codes: batches of single-use codes that grant promotional credit once each. */
export class RedemptionService {
  constructor(
    private readonly store: RedemptionStore,
    private readonly ledger: Pick<LedgerService, 'grant'>,
    private readonly clock: Clock,
  ) {}

  /** The codes are in this answer only: the store keeps their hashes. */
  async createBatch(input: BatchInput): Promise<{ batch: RedemptionBatch; codes: string[] }> {
    const nowMs = this.clock.nowMs();
    validateBatch(input, nowMs);
    const batch: RedemptionBatch = {
      id: newId('rcb', nowMs),
      name: input.name.trim(),
      currency: input.currency,
      amountNanos: input.amountNanos,
      expiresAtMs: input.expiresAtMs ?? null,
      codeCount: input.count,
      createdAtMs: nowMs,
    };
    for (let attempt = 0; attempt < COLLISION_RETRIES; attempt++) {
      const codes = generateCodes(input.count);
      if (await this.store.insertBatch(batch, codes.map((code) => ({ hash: hashCode(code), prefix: codePrefix(code) })))) return { batch, codes };
    }
    throw new Error(`Could not draw ${input.count} codes that are not already stored`);
  }

  listBatches(filter: { limit: number; after?: string }): Promise<BatchSummary[]> {
    return this.store.listBatches(filter);
  }

  /**
   * Credits the code's amount to the customer, once per code whatever happens concurrently: the
   * code is claimed by one conditional UPDATE and only the caller that claimed it may succeed.
   * The grant's id is derived from the code, so granting again after a crash between claim and
   * grant posts nothing twice. Every refusal leaves the ledger unchanged.
   */
  async redeem(customer: Customer, input: string): Promise<Redemption> {
    const canonical = normalizeCode(input);
    if (!canonical) throw new TollgateError('code_invalid', undefined, { param: 'code' });
    const hash = hashCode(canonical);
    const found = await this.store.findCode(hash);
    if (!found) throw new TollgateError('code_invalid', undefined, { param: 'code' });
    const { code, batch } = found;
    const nowMs = this.clock.nowMs();
    if (code.redeemedBy !== null) return this.refuseRedeemed(customer, code, batch);
    if (batch.expiresAtMs !== null && batch.expiresAtMs <= nowMs) throw new TollgateError('code_expired', undefined, { param: 'code' });
    if (batch.currency !== customer.currency) {
      throw new TollgateError('code_wrong_currency', `This code is worth ${batch.currency} credit; the account is billed in ${customer.currency}.`, { param: 'code' });
    }
    if (!(await this.store.claimCode(hash, customer.id, nowMs))) {
      const after = await this.store.findCode(hash);
      return this.refuseRedeemed(customer, after?.code ?? code, batch);
    }
    const transferId = await this.grant(customer, code.hash, batch);
    return { batchId: batch.id, batchName: batch.name, prefix: code.prefix, customerId: customer.id, currency: batch.currency, amountNanos: batch.amountNanos, transferId, redeemedAtMs: nowMs };
  }

  /**
   * A code this customer redeemed before may be one whose grant a crash cut off: granting again
   * completes it (or, by its id, posts nothing). The answer is still a refusal, so that of all
   * concurrent attempts exactly one succeeds.
   */
  private async refuseRedeemed(customer: Customer, code: StoredCode, batch: RedemptionBatch): Promise<never> {
    if (code.redeemedBy === customer.id) await this.grant(customer, code.hash, batch);
    throw new TollgateError('code_redeemed', undefined, { param: 'code' });
  }

  private async grant(customer: Customer, hash: string, batch: RedemptionBatch): Promise<string> {
    const { transfer } = await this.ledger.grant(customer, { amountNanos: batch.amountNanos, id: `code:${hash}`, reason: 'promotion', memo: batch.name });
    return transfer.id;
  }
}

function validateBatch(input: BatchInput, nowMs: number): void {
  const invalid = (param: string, message: string) => new TollgateError('invalid_request', message, { param });
  if (input.name.trim().length === 0 || input.name.length > 200) throw invalid('name', 'name must be 1 to 200 characters.');
  if (!isCurrency(input.currency)) throw invalid('currency', `Unknown currency ${String(input.currency)}.`);
  if (input.amountNanos <= 0n || input.amountNanos > MAX_AMOUNT_NANOS) throw invalid('amount', 'amount must be greater than zero and at most 10^9 currency units.');
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_CODES_PER_BATCH) throw invalid('count', `count must be an integer from 1 to ${MAX_CODES_PER_BATCH}.`);
  if (input.expiresAtMs != null && input.expiresAtMs <= nowMs) throw invalid('expiresAtMs', 'expiresAtMs must be in the future.');
}
