import { z } from 'zod';
import { limitsView, moneyOut } from '../admin/money-schemas.js';
import { keyInput, keyView } from '../admin/schemas.js';
import { eventView } from '../admin/usage.js';
import { memberRoles } from './types.js';

/** Schemas of the console session and portal answers; they also make the portal's OpenAPI document. */
const name = z.string().trim().min(1).max(200);

export const signInInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('operator'), token: z.string().min(1).max(500).describe('An operator token (tgo-…)') }),
  z.object({ kind: z.literal('member'), email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) }),
]);

export const principalView = z.object({
  kind: z.enum(['operator', 'member']),
  id: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'admin', 'finance', 'viewer', 'member']).describe('Operators: owner, admin, finance or viewer; members: owner or member'),
  customerId: z.string().optional().describe("The member's customer; absent for operators"),
});

export const sessionView = z.object({
  principal: principalView,
  csrfToken: z.string().describe('Send it as the x-csrf-token header on every request other than GET and HEAD'),
  expiresAtMs: z.number().describe('When the session ends (12 hours after sign-in)'),
});

export const memberInput = z.object({
  email: z.string().trim().email().max(320),
  name,
  role: z.enum(memberRoles),
  password: z.string().optional().describe('At least 12 characters; absent: a strong one is generated and returned once'),
});

export const memberPatch = z.object({
  name: name.optional(),
  role: z.enum(memberRoles).optional(),
  status: z.enum(['active', 'disabled']).optional().describe('disabled: the member cannot sign in and is signed out everywhere'),
  resetPassword: z.literal(true).optional().describe('Generate a new password, returned once; signs the member out everywhere'),
  password: z.string().optional().describe('Set this password instead (at least 12 characters)'),
});

export const memberView = z.object({
  id: z.string(),
  customerId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(memberRoles),
  status: z.enum(['active', 'disabled']),
  createdAtMs: z.number(),
  lastLoginAtMs: z.number().nullable(),
});

export const memberWithPasswordView = memberView.extend({
  password: z.string().nullable().describe('The generated password, shown this once; null when the operator chose it'),
});

export const balanceView = z.object({
  currency: z.string(),
  billingMode: z.enum(['prepaid', 'postpaid']),
  wallet: moneyOut.describe('Paid prepaid credit left'),
  promotional: moneyOut.describe('Granted credit left; used before the wallet'),
  receivable: moneyOut.describe('What is owed (postpaid usage not yet paid)'),
});

export const meView = z.object({
  member: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(memberRoles) }),
  customer: z.object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    billingMode: z.enum(['prepaid', 'postpaid']),
    locale: z.enum(['en', 'zh-CN']),
    suspendedAtMs: z.number().nullable().describe('Set while API keys are suspended for an unpaid invoice past its grace period'),
  }),
  balance: balanceView,
});

/** The admin API's key input less `limits`: a key's own limits are the operator's to set. */
export const portalKeyInput = keyInput.omit({ limits: true });

export const portalKeyView = keyView.omit({ customerId: true, updatedAtMs: true });

export const issuedPortalKeyView = portalKeyView.extend({ secret: z.string().describe('The key itself. Shown once; store it now.') });

export const ledgerEntryView = z.object({
  id: z.string(),
  kind: z.string(),
  currency: z.string(),
  requestId: z.string().nullable(),
  memo: z.string().nullable(),
  createdAtMs: z.number(),
  wallet: moneyOut.describe('Change of paid credit (signed)'),
  promotional: moneyOut.describe('Change of granted credit (signed)'),
  receivable: moneyOut.describe('Change of what is owed (signed)'),
});

export const checkoutView = z.object({ url: z.string().describe('Send the browser here to pay'), paymentId: z.string() });

export const portalPlanView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  currency: z.string(),
  interval: z.enum(['month', 'year']),
  fee: moneyOut.describe('Recurring fee per interval'),
  included: moneyOut.describe('Usage value included each period'),
  includedTokens: z.string().describe('Tokens included each period'),
  overage: z.enum(['credit', 'arrears', 'block']).describe('Beyond the allowance: prepaid credit, the next invoice, or refused'),
  trialDays: z.number(),
  allowedModels: z.array(z.string()).nullable(),
});

export const portalSubscriptionView = z.object({
  id: z.string(),
  plan: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  status: z.enum(['trialing', 'active', 'past_due', 'canceled']),
  periodStartMs: z.number(),
  periodEndMs: z.number(),
  trialEndMs: z.number().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  canceledAtMs: z.number().nullable(),
  createdAtMs: z.number(),
});

/** A usage event as its customer sees it: the operator's view without upstream, cost or price ids. */
export const usageEventView = eventView
  .pick({ requestId: true, keyId: true, model: true, endpoint: true, stream: true, outcome: true, httpStatus: true, promptTokens: true, cachedPromptTokens: true, completionTokens: true, reasoningTokens: true, currency: true, latencyMs: true, firstByteMs: true, startedAtMs: true })
  .extend({
    estimated: z.boolean().describe('Counted by Tollgate because the model reported no usage'),
    charge: moneyOut.describe('What this request was charged'),
  });

export const summaryRowView = z.object({
  keyId: z.string().optional(),
  model: z.string().optional(),
  hour: z.string().optional(),
  hourStartMs: z.number().optional(),
  day: z.string().optional(),
  dayStartMs: z.number().optional(),
  month: z.string().optional(),
  monthStartMs: z.number().optional(),
  currency: z.string(),
  requests: z.number(),
  failedRequests: z.number(),
  promptTokens: z.number(),
  cachedPromptTokens: z.number(),
  completionTokens: z.number(),
  charge: moneyOut,
  avgLatencyMs: z.number().nullable(),
});
