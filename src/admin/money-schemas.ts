import { z } from 'zod';
import { currencies, decimalString, parseDecimalNanos } from '../core/money.js';
import type { Transfer } from '../ledger/types.js';
import type { LimitSettings } from '../limits/settings.js';

export const currencySchema = z.enum(Object.keys(currencies) as [keyof typeof currencies, ...(keyof typeof currencies)[]]);

/**
 * Money crosses the API as decimal strings of the currency's major unit ("12.50"), never as JSON
 * numbers (which are floats). Up to 9 decimals: the ledger's unit is a nano.
 */
export const money = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,9})?$/, 'a non-negative decimal string of at most 9 decimals, e.g. "12.50"')
  .transform((text) => parseDecimalNanos(text)!);

export const positiveMoney = money.refine((nanos) => nanos > 0n, 'must be greater than zero');
export const moneyOut = z.string().describe('Decimal string of the currency, e.g. "12.5"');
export const showMoney = (nanos: bigint): string => decimalString(nanos);
/** An optional amount (no budget, no limit): null stays null. */
export const showNullable = (nanos: bigint | null): string | null => (nanos === null ? null : showMoney(nanos));

export const perMillionTokens = z.object({
  input: z.string().describe('Price of 1M uncached prompt tokens, e.g. "0.15"'),
  cachedInput: z.string().optional().describe('Price of 1M cached prompt tokens; default: the input price'),
  output: z.string().describe('Price of 1M output tokens'),
});

export const priceInput = z.object({
  model: z.string().min(1),
  currency: currencySchema,
  effectiveFromMs: z.number().int().positive().optional().describe('Epoch ms; default now; never in the past'),
  perMillionTokens,
  perRequest: z.string().optional(),
  perImage: z.string().optional(),
  perAudioSecond: z.string().optional(),
});

export const costCardInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('per_token'),
    upstreamModel: z.string().min(1).optional().describe("The upstream's model name; default '*' (all its models)"),
    currency: currencySchema,
    effectiveFromMs: z.number().int().positive().optional(),
    perMillionTokens,
    perRequest: z.string().optional(),
    discountBps: z.number().int().min(0).max(10_000).optional().describe('Negotiated discount in basis points (1500 = 15 %)'),
  }),
  z.object({
    kind: z.literal('gpu_hour'),
    upstreamModel: z.string().min(1).optional(),
    currency: currencySchema,
    effectiveFromMs: z.number().int().positive().optional(),
    hourlyPerGpu: z.string().describe('Price of one GPU for one hour, e.g. "2.50"'),
    gpuCount: z.number().int().min(1),
    capacityTokensPerSecond: z.number().positive(),
    allocationKey: z.enum(['tokens', 'busy_time']).optional().describe("What each hour's cost is shared by among its requests: tokens served (default) or busy time (latency, failed attempts included)"),
  }),
]);

const windowInput = z.object({
  metric: z.enum(['requests', 'tokens', 'spend']),
  windowMinutes: z.number().int().min(1).max(60 * 24 * 31).describe('Rolling window length, e.g. 300 for 5 hours, 10080 for a week'),
  limit: z.string().regex(/^\d{1,16}(\.\d{1,9})?$/).describe('Requests or tokens as an integer string; spend as a decimal of the currency'),
});

export const limitsInput = z.object({
  requestsPerMinute: z.number().int().min(0).optional(),
  tokensPerMinute: z.number().int().min(0).optional(),
  concurrentRequests: z.number().int().min(0).optional(),
  dailySpend: money.optional(),
  monthlySpend: money.optional(),
  utcOffsetMinutes: z.number().int().min(-720).max(840).optional().describe('Where calendar days start: 0 = UTC, 480 = UTC+8'),
  windows: z.array(windowInput).optional(),
});

export type LimitsInput = z.infer<typeof limitsInput>;

export function limitsFromInput(input: LimitsInput): LimitSettings {
  const out: LimitSettings = {};
  if (input.requestsPerMinute !== undefined) out.requestsPerMinute = input.requestsPerMinute;
  if (input.tokensPerMinute !== undefined) out.tokensPerMinute = input.tokensPerMinute;
  if (input.concurrentRequests !== undefined) out.concurrentRequests = input.concurrentRequests;
  if (input.dailySpend !== undefined) out.dailySpendNanos = input.dailySpend;
  if (input.monthlySpend !== undefined) out.monthlySpendNanos = input.monthlySpend;
  if (input.utcOffsetMinutes !== undefined) out.utcOffsetMinutes = input.utcOffsetMinutes;
  if (input.windows) {
    out.windows = input.windows.map((w) => ({
      metric: w.metric,
      windowMs: w.windowMinutes * 60_000,
      limit: w.metric === 'spend' ? parseDecimalNanos(w.limit)! : BigInt(w.limit.split('.')[0]!),
    }));
  }
  return out;
}

export const limitsView = z.object({
  requestsPerMinute: z.number().optional(),
  tokensPerMinute: z.number().optional(),
  concurrentRequests: z.number().optional(),
  dailySpend: moneyOut.optional(),
  monthlySpend: moneyOut.optional(),
  utcOffsetMinutes: z.number().optional(),
  windows: z.array(z.object({ metric: z.enum(['requests', 'tokens', 'spend']), windowMinutes: z.number(), limit: z.string() })).optional(),
});

export function viewLimits(limits: LimitSettings): z.infer<typeof limitsView> {
  return {
    requestsPerMinute: limits.requestsPerMinute,
    tokensPerMinute: limits.tokensPerMinute,
    concurrentRequests: limits.concurrentRequests,
    dailySpend: limits.dailySpendNanos === undefined ? undefined : showMoney(limits.dailySpendNanos),
    monthlySpend: limits.monthlySpendNanos === undefined ? undefined : showMoney(limits.monthlySpendNanos),
    utcOffsetMinutes: limits.utcOffsetMinutes,
    windows: limits.windows?.map((w) => ({ metric: w.metric, windowMinutes: w.windowMs / 60_000, limit: w.metric === 'spend' ? showMoney(w.limit) : w.limit.toString() })),
  };
}

/** A ledger transfer as the admin API shows it. */
export const transferView = z.object({
  id: z.string(),
  kind: z.string(),
  currency: z.string(),
  customerId: z.string().nullable(),
  requestId: z.string().nullable(),
  memo: z.string().nullable(),
  createdAtMs: z.number(),
  entries: z.array(z.object({ accountId: z.string(), currency: z.string(), amount: z.string().describe('Signed: debits positive, credits negative') })),
});

export const viewTransfer = (t: Transfer) => ({ ...t, entries: t.entries.map((e) => ({ accountId: e.accountId, currency: e.currency, amount: showMoney(e.amountNanos) })) });
