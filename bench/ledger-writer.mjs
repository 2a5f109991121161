#!/usr/bin/env node
// The SQLite ledger writer alone: what a request's hold and settlement cost in the database, in
// CPU µs per request, without HTTP around it. Each batch is written as the gateway writes it at
// load: the batch's holds in one group commit, then their settlements (a postpaid usage transfer
// with four entries, the usage event, both rollups, the hold's resolution) in the next.
// Run by hand after `npm run build`; see bench/README.md ("The ledger writer alone").
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('storage/ledger-sqlite.js', dist))) {
  process.stderr.write('bench/ledger-writer.mjs reads the built code: run `npm run build` first.\n');
  process.exit(2);
}
const { openStore } = await import(new URL('storage/db.js', dist).href);
const { migrateStore } = await import(new URL('storage/migrate.js', dist).href);
const { SqliteLedgerWriter } = await import(new URL('storage/ledger-sqlite.js', dist).href);
const { usageTransfer } = await import(new URL('ledger/transfers.js', dist).href);
const { newId } = await import(new URL('core/ids.js', dist).href);

const { values: opts } = parseArgs({
  options: {
    batch: { type: 'string', default: '30' },
    requests: { type: 'string', default: '60000' },
    reps: { type: 'string', default: '3' },
    'no-holds': { type: 'boolean', default: false },
    'without-rowid': { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(`usage: node bench/ledger-writer.mjs [--batch 30] [--requests 60000] [--reps 3] [--no-holds] [--without-rowid t1,t2]
  --batch N          requests per group commit (the gateway's batches at 50 connections hold ~30 items)
  --no-holds         settlements only: what the hold row (insert, then update) costs
  --without-rowid    rebuild these tables WITHOUT ROWID first (an experiment, not Tollgate's schema)
`);
  process.exit(0);
}
const batch = Number(opts.batch);
const requests = Number(opts.requests);
const reps = Number(opts.reps);
const withHolds = !opts['no-holds'];

function request(nowMs) {
  const id = newId('req', nowMs);
  const hold = { id, customerId: 'cus_bench', accountId: 'receivable:cus_bench', currency: 'USD', amountNanos: 20_000n, costEstimateNanos: 5_000n, upstreamId: 'ups_bench', status: 'pending', createdAtMs: nowMs, expiresAtMs: nowMs + 600_000 };
  const transfer = usageTransfer({ transferId: `usage:${id}`, requestId: id, customerId: 'cus_bench', currency: 'USD', billingMode: 'postpaid', revenueNanos: 9_750n, promoAvailableNanos: 0n, upstreamId: 'ups_bench', costCurrency: 'USD', costNanos: 4_000n, createdAtMs: nowMs });
  const usage = {
    requestId: id, customerId: 'cus_bench', keyId: 'key_bench', model: 'gpt-4o-mini', endpoint: 'chat.completions', upstreamId: 'ups_bench', upstreamModel: 'gpt-4o-mini',
    stream: false, outcome: 'completed', httpStatus: 200, promptTokens: 57, cachedPromptTokens: 0, completionTokens: 20, reasoningTokens: 0, estimated: false,
    currency: 'USD', revenueNanos: 9_750n, promoNanos: 0n, includedNanos: 0n, includedTokens: 0, subscriptionId: null, planId: null, discountBps: 0,
    costCurrency: 'USD', costNanos: 4_000n, priceId: 'prc_bench', costCardId: 'cc_bench', idempotencyKey: null, latencyMs: 3, firstByteMs: null, startedAtMs: nowMs, createdAtMs: nowMs,
  };
  return { hold, settlement: { holdId: withHolds ? id : null, holdStatus: 'posted', chargeKey: null, transfer, usage, ifAlreadyCharged: null } };
}

async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-ledger-writer-'));
  const store = openStore({ dialect: 'sqlite', path: join(dir, 'bench.db') });
  try {
    await migrateStore(store);
    for (const table of opts['without-rowid'].split(',').filter(Boolean)) rebuildWithoutRowid(store.sqlite, table);
    const writer = new SqliteLedgerWriter(store.sqlite);
    const cpu = process.cpuUsage();
    const wall = performance.now();
    for (let done = 0; done < requests; done += batch) {
      const items = Array.from({ length: Math.min(batch, requests - done) }, () => request(Date.now()));
      if (withHolds) await Promise.all(items.map((r) => writer.write({ kind: 'hold', hold: r.hold })));
      await Promise.all(items.map((r) => writer.write({ kind: 'settle', settlement: r.settlement })));
    }
    const used = process.cpuUsage(cpu);
    const result = { cpuUs: (used.user + used.system) / requests, wallUs: ((performance.now() - wall) * 1000) / requests };
    await writer.close();
    return result;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rebuildWithoutRowid(sqlite, table) {
  const ddl = sqlite.prepare('select type, sql from sqlite_master where tbl_name = ? and sql is not null order by type desc').all(table);
  if (!ddl.some((d) => d.type === 'table')) throw new Error(`no table ${table}`);
  sqlite.pragma('foreign_keys = OFF');
  sqlite.exec(`drop table ${table}`);
  for (const d of ddl) sqlite.exec(d.type === 'table' ? `${d.sql} without rowid` : d.sql);
  sqlite.pragma('foreign_keys = ON');
}

const results = [];
for (let rep = 1; rep <= reps; rep++) {
  const r = await run();
  results.push(r);
  process.stderr.write(`rep ${rep}: ${r.cpuUs.toFixed(1)} µs CPU/request, ${r.wallUs.toFixed(1)} µs wall/request\n`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
console.log(
  `${requests} requests, batches of ${batch}${withHolds ? '' : ', no holds'}${opts['without-rowid'] ? `, WITHOUT ROWID: ${opts['without-rowid']}` : ''}: ` +
    `median ${median(results.map((r) => r.cpuUs)).toFixed(1)} µs CPU/request, ${median(results.map((r) => r.wallUs)).toFixed(1)} µs wall/request`,
);
