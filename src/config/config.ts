import { z } from 'zod';

/**
 * The one configuration schema. `loadConfig` is the only reader of the environment; the result is
 * frozen and passed to whatever needs it. Every variable is documented in README.md.
 */
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  TOLLGATE_HOST: z.string().default('127.0.0.1'),
  TOLLGATE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  TOLLGATE_DATABASE_URL: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  TOLLGATE_DATA_DIR: z.string().default('./data'),
  TOLLGATE_REDIS_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  TOLLGATE_SECRET_KEY: z.string().optional(),
  TOLLGATE_ADMIN_TOKEN: z.string().min(24, 'TOLLGATE_ADMIN_TOKEN must be at least 24 characters').optional(),
  TOLLGATE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TOLLGATE_LOG_REQUESTS: z.enum(['true', 'false']).default('false'),
  TOLLGATE_BODY_LIMIT_BYTES: positiveInt.default(8 * 1024 * 1024),
  TOLLGATE_UPSTREAM_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  TOLLGATE_UPSTREAM_HEADERS_TIMEOUT_MS: positiveInt.default(120_000),
  TOLLGATE_UPSTREAM_BODY_TIMEOUT_MS: positiveInt.default(120_000),
  TOLLGATE_UPSTREAM_CONNECTIONS: positiveInt.default(256),
  TOLLGATE_CATALOG_REFRESH_MS: positiveInt.default(2_000),
  TOLLGATE_SHUTDOWN_GRACE_MS: positiveInt.default(30_000),
  TOLLGATE_HOLD_TTL_MS: positiveInt.default(15 * 60_000),
  TOLLGATE_DEFAULT_MAX_OUTPUT_TOKENS: positiveInt.default(4096),
  TOLLGATE_DUNNING_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  TOLLGATE_BILLING_INTERVAL_MS: positiveInt.default(60_000),
  TOLLGATE_CJK_FONT: z.string().optional(),
  TOLLGATE_STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\S+$/, 'TOLLGATE_STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_… or rk_…)').optional(),
  TOLLGATE_STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\S+$/, "TOLLGATE_STRIPE_WEBHOOK_SECRET must be the webhook endpoint's signing secret (whsec_…)").optional(),
  TOLLGATE_STRIPE_API_BASE: z.url({ protocol: /^https?$/, error: 'TOLLGATE_STRIPE_API_BASE must be an http(s) URL, e.g. http://127.0.0.1:12111' }).optional(),
  TOLLGATE_CONSOLE_DIR: z.string().optional(),
  TOLLGATE_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'TOLLGATE_PUBLIC_URL must be an http(s) URL, e.g. https://api.example.com' }).optional(),
});

export type Env = Record<string, string | undefined>;

export type DatabaseConfig =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; url: string };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string | null;
  /** base64 or hex 32-byte key; null means "use or create the key file in dataDir" (SQLite only). */
  secretKey: string | null;
  bootstrapAdminToken: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logRequests: boolean;
  bodyLimitBytes: number;
  upstream: {
    connectTimeoutMs: number;
    headersTimeoutMs: number;
    bodyTimeoutMs: number;
    connections: number;
  };
  catalogRefreshMs: number;
  shutdownGraceMs: number;
  /** How long a request's hold reserves credit if it is never settled (a crash); also its concurrency slot. */
  holdTtlMs: number;
  defaultMaxOutputTokens: number;
  /** Days after an invoice's due date until the customer's keys are suspended. */
  dunningGraceDays: number;
  /** How often `serve` runs the billing job (renewals, postpaid invoices, dunning). */
  billingIntervalMs: number;
  /** The CJK font for Chinese PDF invoices ("file.ttf" or "file.ttc#PostScriptName"); null searches the standard paths. */
  cjkFont: string | null;
  stripe: StripeConfig;
  /** Where customers reach this Tollgate from outside (default Checkout return URLs); no trailing slash. */
  publicUrl: string | null;
  /** The built web console to serve at /console/; null: console/dist of this installation. */
  consoleDir: string | null;
}

export interface StripeConfig {
  /** Needed to create Checkout Sessions; without it checkout answers payments_not_configured. */
  secretKey: string | null;
  /** Verifies webhook signatures; without it /webhooks/stripe answers payments_not_configured. */
  webhookSecret: string | null;
  /** Another API host (a local stand-in in tests); null means Stripe's own. */
  apiBase: { protocol: 'http' | 'https'; host: string; port: number } | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseConfig {
  if (!url) return { dialect: 'sqlite', path: `${dataDir}/tollgate.db` };
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new ConfigError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/tollgate.db');
    return { dialect: 'sqlite', path };
  }
  throw new ConfigError(`DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got "${url.split(':')[0]}:")`);
}

/** Parses the environment (plus explicit overrides, e.g. CLI flags) into a frozen Config. */
export function loadConfig(env: Env, overrides: Partial<Record<keyof z.infer<typeof envSchema>, string>> = {}): Readonly<Config> {
  const parsed = envSchema.safeParse({ ...pickDefined(env), ...pickDefined(overrides) });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const config: Config = {
    host: e.TOLLGATE_HOST,
    port: e.TOLLGATE_PORT,
    dataDir: e.TOLLGATE_DATA_DIR,
    database: parseDatabaseUrl(e.TOLLGATE_DATABASE_URL ?? e.DATABASE_URL, e.TOLLGATE_DATA_DIR),
    redisUrl: e.TOLLGATE_REDIS_URL ?? e.REDIS_URL ?? null,
    secretKey: e.TOLLGATE_SECRET_KEY ?? null,
    bootstrapAdminToken: e.TOLLGATE_ADMIN_TOKEN ?? null,
    logLevel: e.TOLLGATE_LOG_LEVEL,
    logRequests: e.TOLLGATE_LOG_REQUESTS === 'true',
    bodyLimitBytes: e.TOLLGATE_BODY_LIMIT_BYTES,
    upstream: {
      connectTimeoutMs: e.TOLLGATE_UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: e.TOLLGATE_UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.TOLLGATE_UPSTREAM_BODY_TIMEOUT_MS,
      connections: e.TOLLGATE_UPSTREAM_CONNECTIONS,
    },
    catalogRefreshMs: e.TOLLGATE_CATALOG_REFRESH_MS,
    shutdownGraceMs: e.TOLLGATE_SHUTDOWN_GRACE_MS,
    holdTtlMs: e.TOLLGATE_HOLD_TTL_MS,
    defaultMaxOutputTokens: e.TOLLGATE_DEFAULT_MAX_OUTPUT_TOKENS,
    dunningGraceDays: e.TOLLGATE_DUNNING_GRACE_DAYS,
    billingIntervalMs: e.TOLLGATE_BILLING_INTERVAL_MS,
    cjkFont: e.TOLLGATE_CJK_FONT ?? null,
    stripe: {
      secretKey: e.TOLLGATE_STRIPE_SECRET_KEY ?? null,
      webhookSecret: e.TOLLGATE_STRIPE_WEBHOOK_SECRET ?? null,
      apiBase: e.TOLLGATE_STRIPE_API_BASE ? parseApiBase(e.TOLLGATE_STRIPE_API_BASE) : null,
    },
    publicUrl: e.TOLLGATE_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    consoleDir: e.TOLLGATE_CONSOLE_DIR ?? null,
  };
  if (config.database.dialect === 'postgres' && !config.secretKey) {
    throw new ConfigError('TOLLGATE_SECRET_KEY is required with PostgreSQL: every replica must share the key that encrypts upstream credentials.');
  }
  return Object.freeze(config);
}

function parseApiBase(text: string): NonNullable<StripeConfig['apiBase']> {
  const url = new URL(text);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { protocol, host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443 };
}

function pickDefined(record: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}
