#!/usr/bin/env node
// The profit report at scale: a month of usage events (10 000 000 by default) and their hourly
// rollup on SQLite and on PostgreSQL, then the report by customer × model read from the rollup
// through Tollgate's own code (dist/), against the naive GROUP BY over the raw events.
// Run by hand after `npm run build`; see bench/README.md ("The profit report").
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('analytics/profit/report.js', dist))) {
  process.stderr.write('bench/profit-report.mjs reads the built code: run `npm run build` first.\n');
  process.exit(2);
}
const { createServices } = await import(new URL('app/services.js', dist).href);
const { loadConfig } = await import(new URL('config/config.js', dist).href);
const { ManualClock } = await import(new URL('core/clock.js', dist).href);
const { seededRandom } = await import(new URL('core/random.js', dist).href);
const { profitReport } = await import(new URL('analytics/profit/report.js', dist).href);
const { profitTotals } = await import(new URL('analytics/profit/totals.js', dist).href);
const { usageColumns } = await import(new URL('storage/ledger-rows.js', dist).href);

const { values: opts } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'both' },
    events: { type: 'string', default: '10000000' },
    customers: { type: 'string', default: '2000' },
    'session-mean': { type: 'string', default: '20' },
    reps: { type: 'string', default: '5' },
    'naive-reps': { type: 'string', default: '3' },
    'max-minutes': { type: 'string', default: '30' },
    'pg-url': { type: 'string', default: process.env.TOLLGATE_BENCH_PG_URL ?? process.env.TOLLGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(`node bench/profit-report.mjs [--dialect sqlite|postgres|both] [--events 10000000] [--customers 2000]
  [--session-mean 20] [--reps 5] [--naive-reps 3] [--max-minutes 30] [--pg-url URL] [--seed 1] [--keep]\n`);
  process.exit(0);
}

const HOUR_MS = 3_600_000;
const MONTH_START = Date.UTC(2026, 9, 1); // October 2026: 31 days, 744 hours
const MONTH_END = Date.UTC(2026, 10, 1);
const HOURS = (MONTH_END - MONTH_START) / HOUR_MS;
const N_EVENTS = Number(opts.events);
const N_CUSTOMERS = Number(opts.customers);
const SESSION_MEAN = Number(opts['session-mean']);
const LOAD_BUDGET_MS = Number(opts['max-minutes']) * 60_000;

const log = (text) => process.stderr.write(`${text}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

// ---- The month's traffic: deterministic, skewed like real API traffic -------------------------

/** Tollgate's seeded generator (mulberry32): the same sequence for the same seed on every run. */
const rng = (seed) => seededRandom(Number(seed) >>> 0 || 1);
let random = rng(opts.seed);
const cdf = (weights) => {
  const total = weights.reduce((a, b) => a + b, 0);
  let run = 0;
  return weights.map((w) => (run += w / total));
};
const pick = (c) => {
  const r = random();
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

// Per 1M tokens in nanos; cost is a share of list value (per-token upstreams) or GPU hours.
const MODELS = [
  { name: 'tg-nano', input: 50_000_000, output: 200_000_000, upstream: 'api-a' },
  { name: 'tg-mini', input: 150_000_000, output: 600_000_000, upstream: 'api-a' },
  { name: 'tg-small', input: 400_000_000, output: 1_600_000_000, upstream: 'api-a' },
  { name: 'tg-medium', input: 1_000_000_000, output: 4_000_000_000, upstream: 'api-a' },
  { name: 'tg-large', input: 2_500_000_000, output: 10_000_000_000, upstream: 'api-b' },
  { name: 'tg-xl', input: 5_000_000_000, output: 20_000_000_000, upstream: 'api-b' },
  { name: 'tg-coder', input: 300_000_000, output: 1_200_000_000, upstream: 'gpu' },
  { name: 'tg-embed', input: 20_000_000, output: 0, upstream: 'gpu' },
];
const COST_SHARE = { 'api-a': 0.55, 'api-b': 0.7, gpu: 0 };
const PLAN_OF = (i) => (i % 100 < 30 ? 'starter' : i % 100 < 40 ? 'pro' : i % 100 < 43 ? 'team' : null);

function traffic() {
  random = rng(opts.seed);
  const customerCdf = cdf(Array.from({ length: N_CUSTOMERS }, (_, i) => 1 / (i + 1) ** 1.1));
  const keyCdf = cdf([0.8, 0.12, 0.06, 0.02]);
  const modelRankCdf = cdf(MODELS.map((_, i) => 1 / (i + 1) ** 2));
  const prefs = Array.from({ length: N_CUSTOMERS }, () => {
    const p = MODELS.map((_, i) => i);
    for (let i = p.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  });
  const hourWeights = Array.from({ length: HOURS }, (_, h) => {
    const at = new Date(MONTH_START + h * HOUR_MS);
    const day = Math.sin((Math.PI * Math.max(0, at.getUTCHours() - 6)) / 16) ** 2;
    return (0.25 + day) * (at.getUTCDay() === 0 || at.getUTCDay() === 6 ? 0.6 : 1);
  });
  const total = hourWeights.reduce((a, b) => a + b, 0);
  const perHour = hourWeights.map((w) => Math.floor((N_EVENTS * w) / total));
  perHour[perHour.length - 1] += N_EVENTS - perHour.reduce((a, b) => a + b, 0);
  return { customerCdf, keyCdf, modelRankCdf, prefs, perHour };
}

/** One hour's events, in time order, as rows in the column order of usage_events. */
function hourOfEvents(t, catalog, h) {
  const hourMs = MONTH_START + h * HOUR_MS;
  const events = [];
  let left = t.perHour[h];
  while (left > 0) {
    const c = pick(t.customerCdf);
    const customer = catalog.customers[c];
    const keyId = customer.keys[pick(t.keyCdf)];
    const model = MODELS[t.prefs[c][pick(t.modelRankCdf)]];
    let upstream = model.upstream;
    if (upstream === 'api-a' && random() < 0.02) upstream = 'api-b'; // route fallback
    const length = Math.min(left, 1 + Math.floor(-Math.log(1 - random()) * (SESSION_MEAN - 1)));
    left -= length;
    const start = Math.floor(random() * HOUR_MS * 0.9);
    for (let i = 0; i < length; i++) events.push(eventRow(catalog, customer, keyId, model, upstream, hourMs + Math.min(HOUR_MS - 1, start + Math.floor(random() * HOUR_MS * 0.1))));
  }
  return events.sort((a, b) => a.started_at_ms - b.started_at_ms);
}

let sequence = 0;
function eventRow(catalog, customer, keyId, model, upstream, startedAtMs) {
  const failed = random() < 0.01;
  const prompt = failed ? 0 : Math.min(128_000, Math.max(1, Math.round(Math.exp(Math.log(800) + normal()))));
  const cached = failed || random() > 0.4 ? 0 : Math.floor(prompt * (0.2 + 0.7 * random()));
  const completion = failed || model.output === 0 ? 0 : Math.min(16_000, Math.max(1, Math.round(Math.exp(Math.log(200) + 0.9 * normal()))));
  const value = Math.floor(((prompt - cached) * model.input + (cached * model.input) / 2 + completion * model.output) / 1e6);
  const discounted = customer.plan === 'team' ? Math.floor(value * 0.8) : value;
  const included = customer.plan && random() < 0.15 ? discounted : 0;
  const revenue = discounted - included;
  const latency = failed ? 200 + Math.floor(random() * 1800) : 150 + completion * 15 + Math.floor(prompt / 20);
  sequence += 1;
  return {
    request_id: `req_${startedAtMs.toString(36)}${sequence.toString(36).padStart(6, '0')}`,
    customer_id: customer.id,
    key_id: keyId,
    model: model.name,
    endpoint: model.output === 0 ? '/v1/embeddings' : '/v1/chat/completions',
    upstream_id: catalog.upstreams[upstream],
    upstream_model: model.name,
    stream: 0,
    outcome: failed ? 'failed' : 'completed',
    http_status: failed ? 502 : 200,
    prompt_tokens: prompt,
    cached_prompt_tokens: cached,
    completion_tokens: completion,
    reasoning_tokens: 0,
    estimated: 0,
    currency: customer.currency,
    revenue_nanos: revenue,
    cost_currency: 'USD',
    cost_nanos: Math.ceil(value * COST_SHARE[upstream]),
    price_id: null,
    cost_card_id: null,
    idempotency_key: null,
    latency_ms: latency,
    first_byte_ms: null,
    started_at_ms: startedAtMs,
    created_at_ms: startedAtMs + latency,
    promo_nanos: customer.promo ? revenue : 0,
    included_nanos: included,
    included_tokens: 0,
    subscription_id: null,
    plan_id: customer.plan ? catalog.plans[customer.plan] : null,
    discount_bps: customer.plan === 'team' ? 2000 : 0,
  };
}

// ---- Databases ---------------------------------------------------------------------------------

async function openDatabase(dialect) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-profit-bench-'));
  const base = { TOLLGATE_DATA_DIR: dataDir, TOLLGATE_SECRET_KEY: randomBytes(32).toString('base64'), TOLLGATE_LOG_LEVEL: 'silent' };
  if (dialect === 'sqlite') {
    const path = join(dataDir, 'bench.db');
    return { config: loadConfig({ ...base, TOLLGATE_DATABASE_URL: `sqlite:${path}` }), size: () => ['bench.db', 'bench.db-wal'].reduce((n, f) => n + (existsSync(join(dataDir, f)) ? statSync(join(dataDir, f)).size : 0), 0), drop: async () => rmSync(dataDir, { recursive: true, force: true }), where: path };
  }
  const name = `tollgate_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: opts['pg-url'] });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(opts['pg-url']);
  url.pathname = `/${name}`;
  const size = async () => {
    const c = new pg.Client({ connectionString: url.href });
    await c.connect();
    const { rows } = await c.query('select pg_database_size(current_database()) as n');
    await c.end();
    return Number(rows[0].n);
  };
  const drop = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: opts['pg-url'] });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  return { config: loadConfig({ ...base, TOLLGATE_DATABASE_URL: url.href }), size, drop, where: `database ${name}` };
}

/** Upstreams, cost cards, models and plans through the services; 2 000 customers and their keys in bulk. */
async function seedCatalog(s) {
  const upstreams = {};
  for (const name of ['api-a', 'api-b', 'gpu']) upstreams[name] = (await s.upstreams.create({ name, type: 'sim' })).id;
  await s.costCards.add(upstreams.gpu, { kind: 'gpu_hour', currency: 'USD', hourlyPerGpu: '2.20', gpuCount: 8, capacityTokensPerSecond: 20_000 });
  const plans = {};
  for (const [code, fee] of [['starter', 10_000_000_000n], ['pro', 50_000_000_000n], ['team', 200_000_000_000n]]) {
    plans[code] = (await s.billing.ctx.plans.create({ code, name: code, currency: 'USD', interval: 'month', feeNanos: fee })).id;
  }
  const now = MONTH_START;
  const customers = Array.from({ length: N_CUSTOMERS }, (_, i) => ({
    id: `cus_bench${String(i).padStart(5, '0')}`,
    currency: i % 20 === 7 ? 'EUR' : 'USD',
    plan: PLAN_OF(i),
    promo: i % 20 === 3,
    keys: Array.from({ length: 4 }, (_, k) => `key_bench${String(i).padStart(5, '0')}_${k}`),
  }));
  for (let i = 0; i < customers.length; i += 500) {
    const chunk = customers.slice(i, i + 500);
    await s.store.db.insertInto('customers').values(chunk.map((c) => ({ id: c.id, name: `customer ${c.id.slice(9)}`, status: 'active', currency: c.currency, metadata: '{}', createdAtMs: now, updatedAtMs: now }))).execute();
    await s.store.db
      .insertInto('apiKeys')
      .values(chunk.flatMap((c) => c.keys.map((id, k) => ({ id, customerId: c.id, name: `key ${k}`, prefix: 'tg-bench', hash: id, status: 'active', createdAtMs: now, updatedAtMs: now }))))
      .execute();
  }
  return { upstreams, plans, customers };
}

const ROLLUP_SQL = `
  insert into usage_hourly (hour_ms, customer_id, key_id, model, upstream_id, plan_id, currency, cost_currency, requests, failed_requests,
    prompt_tokens, cached_prompt_tokens, completion_tokens, revenue_nanos, promo_nanos, included_nanos, cost_nanos, latency_ms_sum)
  select (started_at_ms / 3600000) * 3600000, customer_id, key_id, model, coalesce(upstream_id, ''), coalesce(plan_id, ''), currency,
    coalesce(cost_currency, currency), sum(case when outcome = 'failed' then 0 else 1 end), sum(case when outcome = 'failed' then 1 else 0 end),
    sum(prompt_tokens), sum(cached_prompt_tokens), sum(completion_tokens), sum(revenue_nanos), sum(promo_nanos), sum(included_nanos),
    sum(cost_nanos), sum(latency_ms)
  from usage_events where started_at_ms >= $1 and started_at_ms < $2
  group by 1, 2, 3, 4, 5, 6, 7, 8`;

const ROLLUP_KEYS = 'customer_id, key_id, model, upstream_id, plan_id, currency, cost_currency';
const ROLLUP_SUMS = ['requests', 'failed_requests', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'revenue_nanos', 'promo_nanos', 'included_nanos', 'cost_nanos', 'latency_ms_sum'];
/** The hour's rollup rows added to their day's, as the ledger writer adds each batch's. */
const DAILY_SQL = `
  insert into usage_daily (day_ms, ${ROLLUP_KEYS}, ${ROLLUP_SUMS.join(', ')})
  select (hour_ms / 86400000) * 86400000, ${ROLLUP_KEYS}, ${ROLLUP_SUMS.join(', ')} from usage_hourly where hour_ms = $1
  on conflict (day_ms, ${ROLLUP_KEYS}) do update set ${ROLLUP_SUMS.map((c) => `${c} = usage_daily.${c} + excluded.${c}`).join(', ')}`;

const BIGINT_COLUMNS = new Set(['stream', 'http_status', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'reasoning_tokens', 'estimated', 'revenue_nanos', 'cost_nanos', 'latency_ms', 'first_byte_ms', 'started_at_ms', 'created_at_ms', 'promo_nanos', 'included_nanos', 'included_tokens', 'discount_bps']);

/** Writers of one hour: its events (one transaction on SQLite, unnest batches on PostgreSQL), then its rollup rows. */
function hourWriter(s) {
  if (s.store.dialect === 'sqlite') {
    const db = s.store.sqlite;
    const insert = db.prepare(`insert into usage_events (${usageColumns.join(', ')}) values (${usageColumns.map(() => '?').join(', ')})`);
    const rollup = db.prepare(ROLLUP_SQL.replace('$1', '?').replace('$2', '?'));
    const daily = db.prepare(DAILY_SQL.replace('$1', '?'));
    const write = db.transaction((events, hourMs) => {
      for (const e of events) insert.run(usageColumns.map((c) => e[c]));
      rollup.run(hourMs, hourMs + HOUR_MS);
      daily.run(hourMs);
    });
    return async (events, hourMs) => write.immediate(events, hourMs);
  }
  const types = usageColumns.map((c) => (BIGINT_COLUMNS.has(c) ? 'bigint' : 'text'));
  const insertSql = `insert into usage_events (${usageColumns.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  return async (events, hourMs) => {
    const client = await s.store.pool.connect();
    try {
      await client.query('begin');
      for (let i = 0; i < events.length; i += 20_000) {
        const batch = events.slice(i, i + 20_000);
        await client.query(insertSql, usageColumns.map((c) => batch.map((e) => (e[c] === null ? null : String(e[c])))));
      }
      await client.query(ROLLUP_SQL, [hourMs, hourMs + HOUR_MS]);
      await client.query(DAILY_SQL, [hourMs]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

async function load(s, catalog, dialect) {
  const t = traffic();
  const write = hourWriter(s);
  const started = Date.now();
  let loaded = 0;
  let hours = 0;
  for (let h = 0; h < HOURS; h++) {
    if (Date.now() - started > LOAD_BUDGET_MS) {
      log(`${dialect}: the ${opts['max-minutes']}-minute load budget is spent: stopping after ${hours} of ${HOURS} hours.`);
      break;
    }
    const events = hourOfEvents(t, catalog, h);
    await write(events, MONTH_START + h * HOUR_MS);
    // better-sqlite3 is synchronous: yield so a signal (Ctrl-C) is handled between hours.
    await new Promise((resolve) => setImmediate(resolve));
    loaded += events.length;
    hours += 1;
    if (h % 24 === 23 || h === HOURS - 1) {
      const elapsed = Date.now() - started;
      log(`${dialect}: day ${(h + 1) / 24}/${HOURS / 24}, ${loaded.toLocaleString('en')} events, ${seconds(elapsed)} (${Math.round(loaded / (elapsed / 1000)).toLocaleString('en')}/s)`);
    }
  }
  return { loaded, hours, loadMs: Date.now() - started };
}

async function count(s, table) {
  const row = await s.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function timed(reps, fn) {
  const times = [];
  let result;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    result = await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { times, medianMs: median(times), result };
}

const NAIVE_SQL = `
  select customer_id, model, count(*) as requests, sum(prompt_tokens + completion_tokens) as tokens,
    sum(revenue_nanos - promo_nanos) as revenue, sum(promo_nanos) as promo, sum(included_nanos) as included, sum(cost_nanos) as cost
  from usage_events where started_at_ms >= $1 and started_at_ms < $2 and currency = 'USD'
  group by customer_id, model`;

async function naive(s) {
  if (s.store.dialect === 'sqlite') return s.store.sqlite.prepare(NAIVE_SQL.replace('$1', '?').replace('$2', '?')).all(MONTH_START, MONTH_END).length;
  return (await s.store.pool.query(NAIVE_SQL, [MONTH_START, MONTH_END])).rows.length;
}

/** Ctrl-C drops the database being built too (unless --keep). */
let dropOnSignal = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`\n${signal}: ${dropOnSignal && !opts.keep ? 'dropping the benchmark database' : 'stopping'}`);
    // Dropping the database ends the open connections: their errors no longer matter.
    process.on('uncaughtException', () => undefined);
    Promise.resolve(opts.keep ? undefined : dropOnSignal?.()).finally(() => process.exit(130));
  });
}

async function runDialect(dialect) {
  log(`\n== ${dialect} ==`);
  const database = await openDatabase(dialect);
  dropOnSignal = database.drop;
  const clock = new ManualClock(MONTH_START);
  const s = await createServices(database.config, { clock });
  try {
    const catalog = await seedCatalog(s);
    const { loaded, hours, loadMs } = await load(s, catalog, dialect);
    if (dialect === 'postgres') await s.store.pool.query('analyze usage_events; analyze usage_hourly; analyze usage_daily');
    clock.set(MONTH_END + 30 * 60_000);
    const t0 = Date.now();
    const gpu = await s.gpuAllocation.run();
    const gpuMs = Date.now() - t0;
    if (dialect === 'postgres') await s.store.pool.query('analyze gpu_allocations; analyze gpu_allocation_parts');
    const rollupRows = await count(s, 'usageHourly');
    const dailyRows = await count(s, 'usageDaily');
    const parts = await count(s, 'gpuAllocationParts');
    log(`${dialect}: ${loaded.toLocaleString('en')} events in ${hours} hours loaded in ${seconds(loadMs)}; ${rollupRows.toLocaleString('en')} hourly and ${dailyRows.toLocaleString('en')} daily rollup rows; ${gpu.allocatedHours} GPU hours allocated in ${seconds(gpuMs)} (${parts.toLocaleString('en')} parts)`);
    const month = { fromMs: MONTH_START, toMs: MONTH_END, currency: 'USD' };
    const report = await timed(Number(opts.reps), () => profitReport(s.store.db, { ...month, groupBy: ['customer', 'model'], period: 'all', limit: 100_000 }));
    log(`${dialect}: report by customer × model: ${report.times.map((ms) => ms.toFixed(0)).join(', ')} ms (${report.result.rowCount} rows)`);
    const byCustomer = await timed(Number(opts.reps), () => profitReport(s.store.db, { ...month, groupBy: ['customer'], period: 'all', limit: 100_000 }));
    const totals = await timed(Number(opts.reps), () => profitTotals(s.store.db, month));
    const raw = await timed(Number(opts['naive-reps']), () => naive(s));
    log(`${dialect}: naive GROUP BY over usage_events: ${raw.times.map((ms) => ms.toFixed(0)).join(', ')} ms (${raw.result} rows)`);
    const size = await database.size();
    return { dialect, events: loaded, hours, loadMs, rollupRows, dailyRows, gpuMs, parts, reportMs: report.medianMs, rows: report.result.rowCount, byCustomerMs: byCustomer.medianMs, totalsMs: totals.medianMs, naiveMs: raw.medianMs, naiveRows: raw.result, sizeBytes: size, where: database.where };
  } finally {
    await s.close();
    dropOnSignal = null;
    if (opts.keep) log(`${dialect}: kept ${database.where}`);
    else await database.drop();
  }
}

const dialects = opts.dialect === 'both' ? ['sqlite', 'postgres'] : [opts.dialect];
const results = [];
for (const dialect of dialects) results.push(await runDialect(dialect));

process.stdout.write(`\nProfit report for one month (${N_EVENTS.toLocaleString('en')} events, ${N_CUSTOMERS} customers × 4 keys, ${MODELS.length} models, 3 upstreams, sessions of ${SESSION_MEAN} requests on average)\n\n`);
process.stdout.write('| dialect | events loaded | load | rollup rows (hourly / daily) | GPU hours allocated | report customer × model (median) | by customer | totals + daily | naive GROUP BY over events (median) | naive / report | database size |\n');
process.stdout.write('|---|---|---|---|---|---|---|---|---|---|---|\n');
for (const r of results) {
  process.stdout.write(
    `| ${r.dialect} | ${r.events.toLocaleString('en')} | ${seconds(r.loadMs)} | ${r.rollupRows.toLocaleString('en')} / ${r.dailyRows.toLocaleString('en')} | ${r.hours} h in ${seconds(r.gpuMs)} | ${r.reportMs.toFixed(0)} ms (${r.rows} rows) | ${r.byCustomerMs.toFixed(0)} ms | ${r.totalsMs.toFixed(0)} ms | ${r.naiveMs.toFixed(0)} ms (${r.naiveRows} rows) | ${(r.naiveMs / r.reportMs).toFixed(1)}× | ${(r.sizeBytes / 2 ** 30).toFixed(2)} GiB |\n`,
  );
}
