import { z } from 'zod';
import { currencySchema, limitsInput, limitsView, money, moneyOut } from './money-schemas.js';
import { operatorRoles } from '../keys/types.js';
import { upstreamTypes } from '../upstreams/types.js';

/**
 * Schemas of the admin API's bodies and answers. They validate input, generate the OpenAPI
 * document, and (the input ones) validate the declarative file of `tollgate apply`.
 */
const name = z.string().trim().min(1).max(200);
const ref = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'ref: letters, digits, ".", "_" and "-", at most 100');
const modelName = z.string().trim().min(1).max(200);
const epochMs = z.number().int().positive().describe('Epoch milliseconds');
export { currencySchema };

export const idParams = z.object({ id: z.string().min(1) });
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().optional().describe('Return items after this id (ids sort by creation time).'),
});

export const listOf = <T extends z.ZodTypeAny>(item: T) => z.object({ object: z.literal('list'), data: z.array(item), hasMore: z.boolean() });

// Customers
const billing = {
  billingMode: z.enum(['prepaid', 'postpaid']).optional().describe('prepaid (default): requests draw on credit; postpaid: usage is owed and invoiced'),
  overdraft: money.optional().describe('Prepaid: how far below zero credit may go (default "0")'),
  creditLimit: money.nullable().optional().describe('Postpaid: the most the customer may owe; null = no limit'),
  lowBalance: money.nullable().optional().describe('A charge paid from credit that takes credit (wallet + granted) below this sends the balance.low webhook; null (default) = never'),
  limits: limitsInput.optional(),
  taxRateBps: z.number().int().min(0).max(10_000).optional().describe('Tax on invoices in basis points (1300 = 13 %)'),
  locale: z.enum(['en', 'zh-CN']).optional().describe('Language of invoices'),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
};
export const customerInput = z.object({
  name,
  ref: ref.optional(),
  email: z.string().email().nullable().optional(),
  currency: currencySchema.optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  ...billing,
});
export const customerPatch = z.object({
  name: name.optional(),
  email: z.string().email().nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  ...billing,
});
export const customerView = z.object({
  id: z.string(),
  ref: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  currency: z.string(),
  metadata: z.record(z.string(), z.string()),
  billingMode: z.enum(['prepaid', 'postpaid']),
  overdraft: moneyOut,
  creditLimit: moneyOut.nullable(),
  lowBalance: moneyOut.nullable(),
  limits: limitsView,
  taxRateBps: z.number(),
  locale: z.enum(['en', 'zh-CN']),
  paymentTermsDays: z.number(),
  suspendedAtMs: z.number().nullable(),
  createdAtMs: z.number(),
  updatedAtMs: z.number(),
});

// API keys
export const keyInput = z.object({
  name: name.default('default'),
  allowedModels: z.array(modelName).nullable().optional().describe('Public model names this key may call; null or absent: all models.'),
  expiresAtMs: epochMs.nullable().optional(),
  limits: limitsInput.optional().describe("This key's own limits; its customer's apply as well"),
});
export const keyPatch = z.object({
  name: name.optional(),
  allowedModels: z.array(modelName).nullable().optional(),
  expiresAtMs: epochMs.nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
  limits: limitsInput.optional(),
});
export const keyView = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  prefix: z.string(),
  allowedModels: z.array(z.string()).nullable(),
  expiresAtMs: z.number().nullable(),
  status: z.enum(['active', 'disabled', 'revoked']),
  limits: limitsView,
  createdAtMs: z.number(),
  updatedAtMs: z.number(),
});
export const issuedKeyView = keyView.extend({ secret: z.string().describe('The key itself. Shown once; store it now.') });

// Upstreams
const timeouts = z.object({ connectMs: z.number().int().positive().optional(), headersMs: z.number().int().positive().optional(), bodyMs: z.number().int().positive().optional() });
const upstreamSettings = z.object({
  headers: z.record(z.string(), z.string()).optional(),
  timeouts: timeouts.optional(),
  sim: z.object({ firstTokenMs: z.number().int().min(0).max(600_000).optional(), tokensPerSecond: z.number().min(0).max(100_000).optional() }).optional(),
});
export const upstreamInput = z.object({
  name,
  type: z.enum(upstreamTypes),
  baseUrl: z.string().url().nullable().optional().describe('Base URL including the version path, e.g. https://api.openai.com/v1'),
  apiKey: z.string().min(1).nullable().optional().describe('Encrypted at rest; never returned.'),
  settings: upstreamSettings.optional(),
  status: z.enum(['enabled', 'disabled']).optional(),
});
export const upstreamPatch = upstreamInput.partial().omit({ name: true });
export const upstreamView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(upstreamTypes),
  baseUrl: z.string().nullable(),
  hasCredentials: z.boolean(),
  settings: upstreamSettings,
  status: z.enum(['enabled', 'disabled']),
  health: z.object({ healthy: z.boolean(), consecutiveFailures: z.number() }),
  createdAtMs: z.number(),
  updatedAtMs: z.number(),
});

// Models
const routeInput = z.object({
  upstream: z.string().min(1).describe('Upstream id or name.'),
  upstreamModel: z.string().min(1).optional().describe("The model's name at the upstream; defaults to the public name."),
  priority: z.number().int().min(0).optional(),
  weight: z.number().int().min(1).optional(),
});
export const modelInput = z.object({
  name: modelName,
  description: z.string().max(2000).nullable().optional(),
  status: z.enum(['enabled', 'disabled']).optional(),
  contextWindow: z.number().int().positive().nullable().optional(),
  maxOutputTokens: z.number().int().positive().nullable().optional(),
  routes: z.array(routeInput).min(1),
});
export const modelPatch = modelInput.partial().omit({ name: true });
export const modelView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(['enabled', 'disabled']),
  contextWindow: z.number().nullable(),
  maxOutputTokens: z.number().nullable(),
  routes: z.array(z.object({ upstreamId: z.string(), upstreamModel: z.string(), priority: z.number(), weight: z.number() })),
  createdAtMs: z.number(),
  updatedAtMs: z.number(),
});

// Operator tokens
export const operatorTokenInput = z.object({ name, role: z.enum(operatorRoles as [string, ...string[]]) });
export const operatorTokenView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(operatorRoles as [string, ...string[]]),
  prefix: z.string(),
  status: z.enum(['active', 'revoked']),
  createdAtMs: z.number(),
});
export const issuedOperatorTokenView = operatorTokenView.extend({ secret: z.string().describe('Shown once.') });
