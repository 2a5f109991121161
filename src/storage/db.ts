import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import { BackgroundCheckpointer } from './checkpointer.js';
import type { Database } from './schema.js';

/** The open store: a Kysely handle for ordinary queries, and the raw driver for hot-path batches. */
export type Store =
  | { dialect: 'sqlite'; db: Kysely<Database>; sqlite: SqliteDatabase.Database; close(): Promise<void> }
  | { dialect: 'postgres'; db: Kysely<Database>; pool: pg.Pool; close(): Promise<void> };

const PG_INT8 = 20;

export interface OpenOptions {
  /** PostgreSQL schema to use (tests run each suite in its own schema). */
  pgSchema?: string;
  pgPoolSize?: number;
  /**
   * SQLite: copy the WAL into the database file from a worker thread (the server), rather than
   * inside a commit every thousand pages (one-off commands). Default false.
   */
  backgroundCheckpoints?: boolean;
  /** Hears problems the store works around by itself (a failed background checkpoint). */
  warn?(message: string, error: Error): void;
}

export function openStore(config: DatabaseConfig, options: OpenOptions = {}): Store {
  return config.dialect === 'sqlite' ? openSqlite(config.path, options) : openPostgres(config.url, options);
}

function openSqlite(path: string, options: OpenOptions): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL lets readers run beside the writer; NORMAL is durable against a killed process (the
  // WAL is in the OS page cache), which is the crash guarantee Tollgate documents.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.defaultSafeIntegers(true);
  const checkpointer = options.backgroundCheckpoints && path !== ':memory:'
    ? new BackgroundCheckpointer(sqlite, path, {
        intervalMs: 50,
        inlineAtFrames: 2000,
        onFallBack: (error) => options.warn?.('SQLite checkpoints went back to the writer (SQLite\'s own every 1000 WAL pages)', error),
      })
    : null;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

function openPostgres(url: string, options: OpenOptions): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === PG_INT8 ? (value: string) => BigInt(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return {
    dialect: 'postgres',
    db,
    pool,
    close: async () => {
      await db.destroy();
      // Kysely ends the pool only if it ran a query; the ledger writer may have used it alone.
      if (!pool.ended) await pool.end();
    },
  };
}
