import { type Kysely, sql } from 'kysely';
import { TollgateError } from '../../core/errors.js';
import type { Currency } from '../../core/money.js';
import { priceUnits } from '../../pricing/charge.js';
import { rateCardFromJson } from '../../pricing/codec.js';
import { PricingError } from '../../pricing/errors.js';
import { overrideRates, selectPrice } from '../../pricing/price-book.js';
import { formatRate, perMillionTokens } from '../../pricing/rates.js';
import type { PriceBookVersion, RateCard, Units } from '../../pricing/types.js';
import type { Database } from '../../storage/schema.js';
import { percent } from '../saas/ratios.js';
import { big, count } from './amounts.js';

export interface WhatIfQuery {
  model: string;
  currency: Currency;
  fromMs: number;
  toMs: number;
  /** New list prices per 1M tokens, as decimal strings; cached defaults to the new input price. */
  rates: { input: string; cachedInput?: string; output: string };
}

export interface Scenario {
  revenueNanos: bigint;
  costNanos: bigint;
  marginNanos: bigint;
  marginPct: number | null;
}

export interface WhatIfReport {
  model: string;
  currency: Currency;
  fromMs: number;
  toMs: number;
  rates: { input: string; cachedInput: string; output: string };
  requests: bigint;
  inputTokens: bigint;
  cachedInputTokens: bigint;
  outputTokens: bigint;
  /** What was recognised: usage charged less promotional credit (discounts and allowances applied). */
  charged: Scenario & { promotionalNanos: bigint; includedNanos: bigint };
  /** The same units at the list prices then in force. */
  asWas: Scenario;
  /** The same units at the new list prices. */
  asWouldHaveBeen: Scenario;
  change: { revenueNanos: bigint; marginNanos: bigint };
  /** Served in hours without a price version: left out of both list-price scenarios. */
  unpricedRequests: bigint;
}

interface HourUnits {
  hourMs: number;
  requests: bigint;
  promptTokens: bigint;
  cachedTokens: bigint;
  outputTokens: bigint;
  revenueNanos: bigint;
  promoNanos: bigint;
  includedNanos: bigint;
}

/**
 * A model's range re-priced: the rollup's units (input = prompt − cached, cached, output =
 * completion, and served requests) at the list prices in force at each hour's start, and at the
 * new token prices (the version's per-request price kept). Both scenarios use LIST prices, so
 * their difference is the price change alone; plan discounts, allowances and promotional credit
 * are in `charged`, what was actually recognised. Cost is what serving cost either way.
 */
export async function whatIf(db: Kysely<Database>, q: WhatIfQuery): Promise<WhatIfReport> {
  const newRates = parseRates(q.rates);
  const [hours, versions, costNanos] = await Promise.all([unitsByHour(db, q), priceVersions(db, q), costOf(db, q)]);
  const served = tally(hours, versions, q);
  let listNanos = 0n;
  let newNanos = 0n;
  for (const { version, units } of served.perVersion.values()) {
    listNanos += price(version.rates, units, q.model);
    newNanos += price(overrideRates(version.rates, newRates), units, q.model);
  }
  const asWas = scenario(listNanos, costNanos);
  const asWouldHaveBeen = scenario(newNanos, costNanos);
  return {
    model: q.model,
    currency: q.currency,
    fromMs: q.fromMs,
    toMs: q.toMs,
    rates: { input: formatRate(newRates.input_tokens!), cachedInput: formatRate(newRates.cached_input_tokens!), output: formatRate(newRates.output_tokens!) },
    requests: served.units.requests,
    inputTokens: served.units.input_tokens,
    cachedInputTokens: served.units.cached_input_tokens,
    outputTokens: served.units.output_tokens,
    charged: { ...scenario(served.revenueNanos, costNanos), promotionalNanos: served.promoNanos, includedNanos: served.includedNanos },
    asWas,
    asWouldHaveBeen,
    change: { revenueNanos: asWouldHaveBeen.revenueNanos - asWas.revenueNanos, marginNanos: asWouldHaveBeen.marginNanos - asWas.marginNanos },
    unpricedRequests: served.unpricedRequests,
  };
}

type TokenUnits = Required<Pick<Units, 'input_tokens' | 'cached_input_tokens' | 'output_tokens' | 'requests'>>;

const noUnits = (): TokenUnits => ({ input_tokens: 0n, cached_input_tokens: 0n, output_tokens: 0n, requests: 0n });

function addUnits(into: TokenUnits, from: TokenUnits): void {
  into.input_tokens += from.input_tokens;
  into.cached_input_tokens += from.cached_input_tokens;
  into.output_tokens += from.output_tokens;
  into.requests += from.requests;
}

/** The range's units in all, and per price version in force at each hour's start. */
function tally(hours: readonly HourUnits[], versions: readonly (PriceBookVersion & { id: string })[], q: WhatIfQuery) {
  const out = { units: noUnits(), perVersion: new Map<string, { version: PriceBookVersion; units: TokenUnits }>(), revenueNanos: 0n, promoNanos: 0n, includedNanos: 0n, unpricedRequests: 0n };
  for (const h of hours) {
    const cached = h.cachedTokens < h.promptTokens ? h.cachedTokens : h.promptTokens;
    const units = { input_tokens: h.promptTokens - cached, cached_input_tokens: cached, output_tokens: h.outputTokens, requests: h.requests };
    addUnits(out.units, units);
    out.revenueNanos += h.revenueNanos - h.promoNanos;
    out.promoNanos += h.promoNanos;
    out.includedNanos += h.includedNanos;
    const version = selectPrice(versions, q.model, q.currency, h.hourMs);
    if (!version) {
      out.unpricedRequests += h.requests;
      continue;
    }
    const entry = out.perVersion.get(version.id) ?? { version, units: noUnits() };
    addUnits(entry.units, units);
    out.perVersion.set(version.id, entry);
  }
  return out;
}

function scenario(revenueNanos: bigint, costNanos: bigint): Scenario {
  return { revenueNanos, costNanos, marginNanos: revenueNanos - costNanos, marginPct: percent(revenueNanos - costNanos, revenueNanos) };
}

function parseRates(rates: WhatIfQuery['rates']): RateCard {
  try {
    const input = perMillionTokens(rates.input);
    return { input_tokens: input, cached_input_tokens: rates.cachedInput === undefined ? input : perMillionTokens(rates.cachedInput), output_tokens: perMillionTokens(rates.output) };
  } catch (error) {
    if (error instanceof PricingError) throw new TollgateError('invalid_request', error.message, { param: 'rates' });
    throw error;
  }
}

/** Units priced once per price version (one rounding per line), as the price book does. */
function price(card: RateCard, units: Units, model: string): bigint {
  try {
    return priceUnits(card, units, 'floor', model).totalNanos;
  } catch (error) {
    if (error instanceof PricingError) throw new TollgateError('invalid_request', error.message, { param: 'model' });
    throw error;
  }
}

async function unitsByHour(db: Kysely<Database>, q: WhatIfQuery): Promise<HourUnits[]> {
  const rows = await sql<Record<string, unknown>>`
    select hour_ms as hour, sum(requests) as requests, sum(prompt_tokens) as prompt, sum(cached_prompt_tokens) as cached,
      sum(completion_tokens) as output, sum(revenue_nanos) as revenue, sum(promo_nanos) as promo, sum(included_nanos) as included
    from usage_hourly
    where hour_ms >= ${BigInt(q.fromMs)} and hour_ms < ${BigInt(q.toMs)} and model = ${q.model} and currency = ${q.currency}
    group by hour_ms`.execute(db);
  return rows.rows.map((r) => ({
    hourMs: count(r.hour),
    requests: big(r.requests),
    promptTokens: big(r.prompt),
    cachedTokens: big(r.cached),
    outputTokens: big(r.output),
    revenueNanos: big(r.revenue),
    promoNanos: big(r.promo),
    includedNanos: big(r.included),
  }));
}

async function priceVersions(db: Kysely<Database>, q: WhatIfQuery): Promise<(PriceBookVersion & { id: string })[]> {
  const rows = await db.selectFrom('prices').selectAll().where('model', '=', q.model).where('currency', '=', q.currency).execute();
  return rows.map((r) => ({ id: r.id, model: r.model, currency: r.currency as Currency, effectiveFromMs: count(r.effectiveFromMs), rates: rateCardFromJson(JSON.parse(r.rates) as Parameters<typeof rateCardFromJson>[0]) }));
}

/** Per-token cost paid in the currency plus the GPU hours allocated to the model's requests. */
async function costOf(db: Kysely<Database>, q: WhatIfQuery): Promise<bigint> {
  const range = sql`hour_ms >= ${BigInt(q.fromMs)} and hour_ms < ${BigInt(q.toMs)} and model = ${q.model}`;
  const [tokens, gpu] = await Promise.all([
    sql<Record<string, unknown>>`select sum(cost_nanos) as cost from usage_hourly where ${range} and cost_currency = ${q.currency}`.execute(db),
    sql<Record<string, unknown>>`select sum(cost_nanos) as cost from gpu_allocation_parts where ${range} and currency = ${q.currency}`.execute(db),
  ]);
  return big(tokens.rows[0]?.cost) + big(gpu.rows[0]?.cost);
}
