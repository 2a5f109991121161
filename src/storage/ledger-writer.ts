import type { LedgerWriter } from '../ledger/writer.js';
import type { Store } from './db.js';
import { PostgresLedgerWriter } from './ledger-pg.js';
import { SqliteLedgerWriter } from './ledger-sqlite.js';

/** The store's dialect's ledger writer; `onUnnamed`: see `PostgresLedgerWriter`. */
export function ledgerWriterFor(store: Store, onUnnamed?: (reason: string) => void): LedgerWriter {
  return store.dialect === 'sqlite' ? new SqliteLedgerWriter(store.sqlite) : new PostgresLedgerWriter(store.pool, onUnnamed);
}
