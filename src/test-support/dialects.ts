import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../config/config.js';
import { serviceAvailable, testPostgresUrl } from './services.js';

export type DialectName = 'sqlite' | 'postgres';

/** Each dialect a suite runs on, and whether it can run here (see services.ts). */
export const dialects: { name: DialectName; available: boolean }[] = [
  { name: 'sqlite', available: true },
  { name: 'postgres', available: serviceAvailable('postgres') },
];

export interface TestDatabase {
  config: Readonly<Config>;
  /** PostgreSQL schema of this database (each suite gets its own), for ServicesOptions. */
  pgSchema?: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty database of the dialect, with a Config pointing at it. */
export async function createTestDatabase(dialect: DialectName, env: Record<string, string> = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-test-'));
  const base = {
    TOLLGATE_DATA_DIR: dataDir,
    TOLLGATE_SECRET_KEY: randomBytes(32).toString('base64'),
    TOLLGATE_PORT: '0',
    TOLLGATE_LOG_LEVEL: 'silent',
    TOLLGATE_CATALOG_REFRESH_MS: '200',
    ...env,
  };
  if (dialect === 'sqlite') {
    const config = loadConfig({ ...base, TOLLGATE_DATABASE_URL: `sqlite:${join(dataDir, 'test.db')}` });
    return { config, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const pgSchema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`create schema ${pgSchema}`);
  await admin.end();
  const config = loadConfig({ ...base, TOLLGATE_DATABASE_URL: testPostgresUrl });
  return {
    config,
    pgSchema,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      await client.query(`drop schema if exists ${pgSchema} cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
