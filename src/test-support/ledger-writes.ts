import { usageTransfer } from '../ledger/transfers.js';
import type { Hold } from '../ledger/types.js';
import type { LedgerWriter, Settlement } from '../ledger/writer.js';
import type { UsageEvent } from '../metering/types.js';
import { openStore, type Store } from '../storage/db.js';
import { ledgerWriterFor } from '../storage/ledger-writer.js';
import { migrateStore } from '../storage/migrate.js';
import { createTestDatabase, type DialectName } from './dialects.js';

/** What the writer tests hold and settle: a postpaid customer, one upstream, fixed amounts. */
export interface WriterFixture {
  customerId: string;
  keyId: string;
  upstreamId: string;
  atMs: number;
}

/** A pending hold of 900 nanos (upstream cost estimate 300). */
export function pendingHold(id: string, f: WriterFixture): Hold {
  return { id, customerId: f.customerId, accountId: `receivable:${f.customerId}`, currency: 'USD', amountNanos: 900n, costEstimateNanos: 300n, upstreamId: f.upstreamId, status: 'pending', createdAtMs: f.atMs, expiresAtMs: f.atMs + 600_000 };
}

/** The settlement of that hold: 700 nanos of revenue and 200 of cost (four entries), its usage event, the hold posted. */
export function servedSettlement(requestId: string, f: WriterFixture): Settlement {
  const usage: UsageEvent = {
    requestId, customerId: f.customerId, keyId: f.keyId, model: 'm', endpoint: 'chat.completions', upstreamId: f.upstreamId, upstreamModel: 'm', stream: false,
    outcome: 'completed', httpStatus: 200, promptTokens: 10, cachedPromptTokens: 0, completionTokens: 5, reasoningTokens: 0, estimated: false, currency: 'USD',
    revenueNanos: 700n, promoNanos: 0n, includedNanos: 0n, includedTokens: 0, subscriptionId: null, planId: null, discountBps: 0, costCurrency: 'USD', costNanos: 200n,
    priceId: null, costCardId: null, idempotencyKey: null, latencyMs: 3, firstByteMs: null, startedAtMs: f.atMs, createdAtMs: f.atMs + 3,
  };
  const transfer = usageTransfer({ transferId: `usage:${requestId}`, requestId, customerId: f.customerId, currency: 'USD', billingMode: 'postpaid', revenueNanos: 700n, promoAvailableNanos: 0n, upstreamId: f.upstreamId, costCurrency: 'USD', costNanos: 200n, createdAtMs: f.atMs + 3 });
  return { holdId: requestId, holdStatus: 'posted', chargeKey: null, transfer, usage, ifAlreadyCharged: null };
}

/** A fresh, migrated database of the dialect with its ledger writer, for the writer's own suites. */
export interface WriterDatabase {
  store: Store;
  writer: LedgerWriter;
  close(): Promise<void>;
}

export async function openWriterDatabase(dialect: DialectName): Promise<WriterDatabase> {
  const database = await createTestDatabase(dialect);
  const store = openStore(database.config.database, { pgSchema: database.pgSchema });
  await migrateStore(store);
  const writer = ledgerWriterFor(store);
  return {
    store,
    writer,
    close: async () => {
      await writer.close();
      await store.close();
      await database.cleanup();
    },
  };
}
