import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { costCardInput, limitsFromInput, priceInput } from '../admin/money-schemas.js';
import { customerInput, keyInput, modelInput, upstreamInput } from '../admin/schemas.js';
import { billingFields } from '../admin/views.js';
import type { Env } from '../config/config.js';
import { TollgateError } from '../core/errors.js';
import { stableStringify } from '../core/json.js';
import { rateCardFromInput } from '../models/prices.js';
import { selectPrice } from '../pricing/price-book.js';
import { selectCostCard } from '../upstreams/cost-cards.js';
import type { Services } from './services.js';

/**
 * The declarative file of `tollgate apply -f tollgate.yaml`: upstreams, models and customers
 * (with their keys). Applying it twice changes nothing the second time. Upstreams and models
 * match by name, customers by ref, keys by name within their customer. `${VAR}` in the file is
 * replaced from the environment, so credentials need not be written in it.
 */
export const applyFileSchema = z.object({
  upstreams: z.array(upstreamInput.extend({ costCards: z.array(costCardInput).default([]) })).default([]),
  models: z.array(modelInput.extend({ prices: z.array(priceInput.omit({ model: true, effectiveFromMs: true })).default([]) })).default([]),
  customers: z
    .array(
      customerInput.extend({
        ref: customerInput.shape.ref.unwrap(),
        status: z.enum(['active', 'disabled']).optional(),
        keys: z.array(keyInput.extend({ name: z.string().min(1) })).default([]),
      }),
    )
    .default([]),
});

export type ApplyFile = z.infer<typeof applyFileSchema>;
/** The file as written (before defaults and money parsing): what callers pass to applyFile. */
export type ApplyFileInput = z.input<typeof applyFileSchema>;

export interface ApplyChange {
  kind: 'upstream' | 'model' | 'customer' | 'key' | 'price' | 'cost card';
  name: string;
  action: 'created' | 'updated' | 'unchanged';
  /** A new key's secret: shown once. */
  secret?: string;
}

export function parseApplyFile(text: string, env: Env): ApplyFileInput {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new TollgateError('invalid_request', `The file is not valid YAML: ${(error as Error).message}`);
  }
  const input = interpolate(raw ?? {}, env) as ApplyFileInput;
  validate(input);
  return input;
}

function validate(input: ApplyFileInput): ApplyFile {
  const parsed = applyFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TollgateError('invalid_request', `${issue.path.join('.') || 'file'}: ${issue.message}`, { param: issue.path.join('.') });
  }
  return parsed.data;
}

/** Replaces `${NAME}` in string values (never in comments or keys) from the environment. */
function interpolate(value: unknown, env: Env): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
      const found = env[name];
      if (found === undefined) throw new TollgateError('invalid_request', `The file uses \${${name}}, which is not set in the environment.`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  return value;
}

export async function applyFile(services: Services, input: ApplyFileInput): Promise<ApplyChange[]> {
  const file = validate(input);
  const changes: ApplyChange[] = [];
  for (const { costCards, ...input } of file.upstreams) {
    changes.push(await applyUpstream(services, input));
    for (const card of costCards) changes.push(await applyCostCard(services, input.name, card));
  }
  for (const { prices, ...input } of file.models) {
    const { created, changed } = await services.models.upsert(input);
    changes.push({ kind: 'model', name: input.name, action: created ? 'created' : changed ? 'updated' : 'unchanged' });
    for (const price of prices) changes.push(await applyPrice(services, { ...price, model: input.name }));
  }
  for (const input of file.customers) changes.push(...(await applyCustomer(services, input)));
  return changes;
}

async function applyUpstream(services: Services, input: z.infer<typeof upstreamInput>): Promise<ApplyChange> {
  const existing = await services.upstreams.list().then((all) => all.find((u) => u.name === input.name));
  if (!existing) {
    await services.upstreams.create(input);
    return { kind: 'upstream', name: input.name, action: 'created' };
  }
  const same =
    existing.type === input.type &&
    (existing.baseUrl ?? null) === (input.baseUrl?.replace(/\/+$/, '') ?? null) &&
    stableStringify(existing.settings) === stableStringify(input.settings ?? {}) &&
    existing.status === (input.status ?? 'enabled') &&
    services.upstreams.apiKeyOf(existing) === (input.apiKey ?? null);
  if (same) return { kind: 'upstream', name: input.name, action: 'unchanged' };
  await services.upstreams.update(existing.id, { ...input, settings: input.settings ?? {}, status: input.status ?? 'enabled', apiKey: input.apiKey ?? null });
  return { kind: 'upstream', name: input.name, action: 'updated' };
}

/** A new price version only when the rates in force now differ from the file's. */
async function applyPrice(services: Services, input: z.infer<typeof priceInput>): Promise<ApplyChange> {
  const name = `${input.model} ${input.currency}`;
  const wanted = rateCardFromInput(input);
  const current = selectPrice(await services.prices.list(input.model), input.model, input.currency, services.clock.nowMs());
  if (current && stableStringify(current.rates) === stableStringify(wanted)) return { kind: 'price', name, action: 'unchanged' };
  await services.prices.add(input);
  return { kind: 'price', name, action: current ? 'updated' : 'created' };
}

async function applyCostCard(services: Services, upstreamName: string, input: z.infer<typeof costCardInput>): Promise<ApplyChange> {
  const upstream = await services.upstreams.get(upstreamName);
  const upstreamModel = input.upstreamModel ?? '*';
  const name = `${upstreamName}/${upstreamModel}`;
  const current = selectCostCard(await services.costCards.list(upstream.id), upstream.id, upstreamModel, services.clock.nowMs());
  const candidate = await services.costCards.preview(input);
  if (current && current.upstreamModel === upstreamModel && stableStringify(current.card) === stableStringify(candidate)) return { kind: 'cost card', name, action: 'unchanged' };
  await services.costCards.add(upstream.id, input);
  return { kind: 'cost card', name, action: current ? 'updated' : 'created' };
}

async function applyCustomer(services: Services, input: ApplyFile['customers'][number]): Promise<ApplyChange[]> {
  const changes: ApplyChange[] = [];
  const { keys, status, billingMode, overdraft, creditLimit, lowBalance, limits, ...fields } = input;
  const billing = billingFields({ billingMode: billingMode ?? 'prepaid', overdraft: overdraft ?? 0n, creditLimit: creditLimit ?? null, lowBalance: lowBalance ?? null, limits: limits ?? {} });
  let customer = await services.customers.findByRef(input.ref);
  if (!customer) {
    customer = await services.customers.create({ ...fields, ...billing });
    if (status === 'disabled') customer = await services.customers.update(customer.id, { status });
    changes.push({ kind: 'customer', name: input.ref, action: 'created' });
  } else {
    const wanted = { name: fields.name, email: fields.email ?? null, status: status ?? 'active', metadata: fields.metadata ?? {}, ...billing };
    const current = { name: customer.name, email: customer.email, status: customer.status, metadata: customer.metadata, billingMode: customer.billingMode, overdraftNanos: customer.overdraftNanos, creditLimitNanos: customer.creditLimitNanos, lowBalanceNanos: customer.lowBalanceNanos, limits: customer.limits };
    const same = stableStringify(current) === stableStringify(wanted);
    if (!same) customer = await services.customers.update(customer.id, wanted);
    changes.push({ kind: 'customer', name: input.ref, action: same ? 'unchanged' : 'updated' });
  }
  const existingKeys = await services.keys.list({ customerId: customer.id, limit: 1000 });
  for (const keyInput of keys) {
    const label = `${input.ref}/${keyInput.name}`;
    const current = existingKeys.find((k) => k.name === keyInput.name && k.status !== 'revoked');
    if (!current) {
      const { secret } = await services.keys.issue(customer.id, { ...keyInput, limits: keyInput.limits ? limitsFromInput(keyInput.limits) : undefined });
      changes.push({ kind: 'key', name: label, action: 'created', secret });
      continue;
    }
    const allowed = keyInput.allowedModels ? [...new Set(keyInput.allowedModels)].sort() : null;
    const same = JSON.stringify(current.allowedModels) === JSON.stringify(allowed) && current.expiresAtMs === (keyInput.expiresAtMs ?? null);
    if (!same) await services.keys.update(current.id, { allowedModels: allowed, expiresAtMs: keyInput.expiresAtMs ?? null });
    changes.push({ kind: 'key', name: label, action: same ? 'unchanged' : 'updated' });
  }
  return changes;
}
