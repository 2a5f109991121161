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
  };
  if (config.database.dialect === 'postgres' && !config.secretKey) {
    throw new ConfigError('TOLLGATE_SECRET_KEY is required with PostgreSQL: every replica must share the key that encrypts upstream credentials.');
  }
  return Object.freeze(config);
}

function pickDefined(record: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}
