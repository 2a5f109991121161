import type { Command } from 'commander';
import { TollgateError } from '../../core/errors.js';
import { decimalString } from '../../core/money.js';
import type { Price } from '../../models/prices.js';
import { costCardToJson, rateCardToJson } from '../../pricing/codec.js';
import { formatRate } from '../../pricing/rates.js';
import type { CostCard, Rate } from '../../pricing/types.js';
import type { CostCardInput, StoredCostCard } from '../../upstreams/cost-cards.js';
import { withServices } from '../context.js';
import { type Column, isoDate, printJson, printTable } from '../output.js';
import { choiceOption, currencyOption, integerOption, moneyOption, optionalMoney, positiveNumberOption, timeOption } from './input.js';

const rate = (r: Rate | undefined) => (r ? formatRate(r) : null);

const priceColumns: Column<Price>[] = [
  ['MODEL', (p) => p.model],
  ['CURRENCY', (p) => p.currency],
  ['FROM', (p) => isoDate(p.effectiveFromMs)],
  ['INPUT/1M', (p) => rate(p.rates.input_tokens)],
  ['CACHED/1M', (p) => rate(p.rates.cached_input_tokens)],
  ['OUTPUT/1M', (p) => rate(p.rates.output_tokens)],
  ['PER REQUEST', (p) => rate(p.rates.requests)],
  ['ID', (p) => p.id],
];

function terms(card: CostCard): string {
  if (card.kind === 'gpu_hour') return `${card.gpuCount} GPU × ${decimalString(card.hourlyNanos)}/h, ${card.capacityTokensPerSecond} tokens/s, shared by ${card.allocationKey ?? 'tokens'}`;
  const parts = [`in ${rate(card.rates.input_tokens)}`, `out ${rate(card.rates.output_tokens)} per 1M`];
  if (card.rates.cached_input_tokens) parts.splice(1, 0, `cached ${rate(card.rates.cached_input_tokens)}`);
  if (card.rates.requests) parts.push(`${rate(card.rates.requests)} per request`);
  if (card.discountBps) parts.push(`less ${card.discountBps / 100} %`);
  return parts.join(', ');
}

const costCardColumns: Column<StoredCostCard>[] = [
  ['UPSTREAM MODEL', (c) => c.upstreamModel],
  ['KIND', (c) => c.card.kind],
  ['CURRENCY', (c) => c.card.currency],
  ['FROM', (c) => isoDate(c.effectiveFromMs)],
  ['TERMS', (c) => terms(c.card)],
  ['ID', (c) => c.id],
];

const priceView = (p: Price) => ({ ...p, rates: rateCardToJson(p.rates) });
const costCardView = (c: StoredCostCard) => ({ ...c, card: costCardToJson(c.card) });

interface CostCardOptions {
  perToken?: boolean;
  gpuHour?: boolean;
  currency: string;
  model?: string;
  from?: string;
  input?: string;
  output?: string;
  cachedInput?: string;
  perRequest?: string;
  discountBps?: string;
  hourlyPerGpu?: string;
  gpus?: string;
  capacityTps?: string;
  allocationKey?: string;
  json?: boolean;
}

function required(flag: string, value: string | undefined, kind: string): string {
  if (value === undefined) throw new TollgateError('invalid_request', `${kind} needs ${flag}.`, { param: flag });
  return value;
}

/** The cost card the flags describe, checked in full before anything is stored. */
function costCardInput(o: CostCardOptions): CostCardInput {
  if (!!o.perToken === !!o.gpuHour) throw new TollgateError('invalid_request', 'Give exactly one of --per-token and --gpu-hour.');
  const common = { currency: currencyOption(o.currency), upstreamModel: o.model, effectiveFromMs: timeOption('--from', o.from) };
  if (o.perToken) {
    return {
      kind: 'per_token',
      ...common,
      perMillionTokens: {
        input: moneyOption('--input', required('--input', o.input, '--per-token')).text,
        output: moneyOption('--output', required('--output', o.output, '--per-token')).text,
        cachedInput: optionalMoney('--cached-input', o.cachedInput),
      },
      perRequest: optionalMoney('--per-request', o.perRequest),
      discountBps: integerOption('--discount-bps', o.discountBps, 0, 10_000),
    };
  }
  return {
    kind: 'gpu_hour',
    ...common,
    hourlyPerGpu: moneyOption('--hourly-per-gpu', required('--hourly-per-gpu', o.hourlyPerGpu, '--gpu-hour')).text,
    gpuCount: integerOption('--gpus', required('--gpus', o.gpus, '--gpu-hour'), 1, 1_000_000)!,
    capacityTokensPerSecond: positiveNumberOption('--capacity-tps', required('--capacity-tps', o.capacityTps, '--gpu-hour')),
    allocationKey: o.allocationKey === undefined ? undefined : choiceOption('--allocation-key', o.allocationKey, ['tokens', 'busy_time'] as const),
  };
}

export function registerPrices(program: Command): void {
  const prices = program.command('prices').description('What customers pay: price book versions per model and currency');
  prices
    .command('list')
    .option('--model <name>', 'only this public model')
    .option('--json', 'print JSON')
    .action(async (o: { model?: string; json?: boolean }) =>
      withServices(async (s) => {
        const list = await s.prices.list(o.model);
        if (o.json) return printJson(list.map(priceView));
        printTable(list, priceColumns);
      }),
    );
  prices
    .command('add')
    .description('Add a price version (from now or a later moment; never the past)')
    .requiredOption('--model <name>', 'the public model name')
    .requiredOption('--currency <code>', 'e.g. USD')
    .requiredOption('--input <decimal>', 'per 1M uncached prompt tokens')
    .requiredOption('--output <decimal>', 'per 1M output tokens')
    .option('--cached-input <decimal>', 'per 1M cached prompt tokens (default: the input price)')
    .option('--per-request <decimal>', 'a fixed price per request')
    .option('--from <iso>', 'when it takes effect (default: now)')
    .option('--json', 'print JSON')
    .action(async (o: { model: string; currency: string; input: string; output: string; cachedInput?: string; perRequest?: string; from?: string; json?: boolean }) => {
      const input = {
        model: o.model,
        currency: currencyOption(o.currency),
        effectiveFromMs: timeOption('--from', o.from),
        perMillionTokens: { input: moneyOption('--input', o.input).text, output: moneyOption('--output', o.output).text, cachedInput: optionalMoney('--cached-input', o.cachedInput) },
        perRequest: optionalMoney('--per-request', o.perRequest),
      };
      await withServices(async (s) => {
        const price = await s.prices.add(input);
        if (o.json) return printJson(priceView(price));
        printTable([price], priceColumns);
      });
    });

  const cards = program.command('cost-cards').description("What the operator pays: an upstream's cost cards");
  cards
    .command('list <upstream>')
    .option('--json', 'print JSON')
    .action(async (idOrName: string, o: { json?: boolean }) =>
      withServices(async (s) => {
        const list = await s.costCards.list((await s.upstreams.get(idOrName)).id);
        if (o.json) return printJson(list.map(costCardView));
        printTable(list, costCardColumns);
      }),
    );
  cards
    .command('add <upstream>')
    .description('Per-token list prices less a discount (--per-token), or rented GPUs by the hour (--gpu-hour)')
    .option('--per-token', 'the upstream bills per token')
    .option('--gpu-hour', 'the upstream is GPUs paid by the hour')
    .requiredOption('--currency <code>', 'e.g. USD')
    .option('--model <upstreamModel>', "only this model's name at the upstream (default: all of them)")
    .option('--from <iso>', 'when it takes effect (default: now)')
    .option('--input <decimal>', '--per-token: per 1M uncached prompt tokens')
    .option('--output <decimal>', '--per-token: per 1M output tokens')
    .option('--cached-input <decimal>', '--per-token: per 1M cached prompt tokens')
    .option('--per-request <decimal>', '--per-token: a fixed price per request')
    .option('--discount-bps <n>', '--per-token: negotiated discount in basis points (1000 = 10 %)')
    .option('--hourly-per-gpu <decimal>', '--gpu-hour: price of one GPU for one hour')
    .option('--gpus <n>', '--gpu-hour: how many GPUs')
    .option('--capacity-tps <n>', '--gpu-hour: tokens per second the whole deployment serves when busy')
    .option('--allocation-key <key>', '--gpu-hour: share each hour by tokens (default) or busy_time')
    .option('--json', 'print JSON')
    .action(async (idOrName: string, o: CostCardOptions) => {
      const input = costCardInput(o);
      await withServices(async (s) => {
        const card = await s.costCards.add(idOrName, input);
        if (o.json) return printJson(costCardView(card));
        printTable([card], costCardColumns);
      });
    });
}
