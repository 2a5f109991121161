import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { exportColumns } from '../metering/export.js';

// Runs the built CLI (npm test builds first), as a user would, each suite part on its own SQLite file.
const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dirs: string[] = [];

function database() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-money-cli-'));
  dirs.push(dataDir);
  const path = join(dataDir, 'cli.db');
  const env = { ...process.env, TOLLGATE_DATA_DIR: dataDir, TOLLGATE_DATABASE_URL: `sqlite:${path}` };
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return { path, run, json: (...args: string[]) => JSON.parse(run(...args, '--json').stdout) };
}

// Each run starts a Node process, which takes a second or more on a busy machine.
describe.runIf(existsSync(cli))('the money verbs of the tollgate CLI', { timeout: 180_000 }, () => {
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const db = database();

  it('adds price versions and lists them, for one model or all', () => {
    const added = db.json('prices', 'add', '--model', 'sim-mini', '--currency', 'USD', '--input', '0.15', '--output', '0.60', '--cached-input', '0.075', '--per-request', '0.001');
    expect(added).toMatchObject({ model: 'sim-mini', currency: 'USD' });
    expect(added.rates).toEqual({
      input_tokens: { amountNanos: '150000000', perUnits: '1000000' },
      cached_input_tokens: { amountNanos: '75000000', perUnits: '1000000' },
      output_tokens: { amountNanos: '600000000', perUnits: '1000000' },
      requests: { amountNanos: '1000000', perUnits: '1' },
    });
    expect(db.run('prices', 'add', '--model', 'other', '--currency', 'EUR', '--input', '1', '--output', '2', '--from', '2031-01-01').code).toBe(0);
    expect(db.json('prices', 'list').map((p: { model: string }) => p.model)).toEqual(['other', 'sim-mini']);
    expect(db.json('prices', 'list', '--model', 'sim-mini')).toHaveLength(1);
    const table = db.run('prices', 'list').stdout;
    expect(table).toMatch(/^MODEL\s+CURRENCY\s+FROM\s+INPUT\/1M/);
    expect(table).toContain('0.075');
    expect(table).toContain('2031-01-01T00:00:00Z');
  });

  it('tops up and grants credit, and the balance is exactly their sum', () => {
    expect(db.run('customers', 'create', '--name', 'Acme', '--ref', 'acme').code).toBe(0);
    const topUp = db.json('credit', 'top-up', 'acme', '--amount', '12.50', '--memo', 'wire 42');
    expect(topUp).toMatchObject({ applied: true, transfer: { kind: 'top_up', currency: 'USD', memo: 'wire 42' } });
    const grant = db.json('credit', 'grant', 'acme', '--amount', '5', '--reason', 'trial');
    expect(grant).toMatchObject({ applied: true, transfer: { kind: 'grant', memo: 'trial' } });
    const balance = db.json('credit', 'balance', 'acme');
    expect(balance).toMatchObject({ currency: 'USD', billingMode: 'prepaid', wallet: '12.5', promotional: '5', receivable: '0' });
    const history = db.json('credit', 'history', 'acme');
    expect(history.map((t: { kind: string }) => t.kind)).toEqual(['grant', 'top_up']);
    expect(db.run('credit', 'balance', 'acme').stdout).toMatch(/acme\s+USD\s+prepaid\s+12\.5\s+5\s+0/);
    expect(db.json('credit', 'history', 'acme', '--limit', '1')).toHaveLength(1);
  });

  it('credits once for the same --idempotency-key, however often it runs', () => {
    const first = db.json('credit', 'top-up', 'acme', '--amount', '3', '--idempotency-key', 'invoice-7');
    const again = db.json('credit', 'top-up', 'acme', '--amount', '3', '--idempotency-key', 'invoice-7');
    expect(first.applied).toBe(true);
    expect(again).toMatchObject({ applied: false, transfer: { id: first.transfer.id } });
    expect(db.run('credit', 'top-up', 'acme', '--amount', '3', '--idempotency-key', 'invoice-7').stdout).toContain('Already recorded');
    expect(db.json('credit', 'balance', 'acme').wallet).toBe('15.5');
    const conflicting = db.run('credit', 'top-up', 'acme', '--amount', '4', '--idempotency-key', 'invoice-7');
    expect(conflicting.code).toBe(4);
  });

  it('refuses negative, malformed and too precise amounts with exit code 2 and says why', () => {
    const cases: [string[], RegExp][] = [
      [['credit', 'top-up', 'acme', '--amount', '-5'], /cannot be negative/],
      [['credit', 'top-up', 'acme', '--amount=-0.01'], /cannot be negative/],
      [['credit', 'grant', 'acme', '--amount', '1e3', '--reason', 'trial'], /decimal amount/],
      [['credit', 'top-up', 'acme', '--amount', '12.5.0'], /decimal amount/],
      [['credit', 'top-up', 'acme', '--amount', 'ten'], /decimal amount/],
      [['credit', 'top-up', 'acme', '--amount', '1.0000000001'], /more than 9 decimals/],
      [['credit', 'top-up', 'acme', '--amount', '0'], /greater than zero/],
      [['credit', 'grant', 'acme', '--amount', '1', '--reason', 'bonus'], /--reason must be one of/],
      [['prices', 'add', '--model', 'm', '--currency', 'USD', '--input', '-0.15', '--output', '1'], /--input cannot be negative/],
      [['cost-cards', 'add', 'nowhere', '--gpu-hour', '--currency', 'USD', '--hourly-per-gpu', '2,50', '--gpus', '2', '--capacity-tps', '2400'], /--hourly-per-gpu must be a decimal/],
    ];
    for (const [args, message] of cases) {
      const result = db.run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(db.json('credit', 'balance', 'acme')).toMatchObject({ wallet: '15.5', promotional: '5' });
  });

  it('adds and lists cost cards of an upstream, per token or by the GPU hour', () => {
    expect(db.run('upstreams', 'create', '--name', 'sim', '--type', 'sim').code).toBe(0);
    const perToken = db.json('cost-cards', 'add', 'sim', '--per-token', '--currency', 'USD', '--input', '0.10', '--output', '0.30', '--discount-bps', '1000');
    expect(perToken).toMatchObject({ upstreamModel: '*', card: { kind: 'per_token', currency: 'USD', discountBps: 1000 } });
    const gpu = db.json('cost-cards', 'add', 'sim', '--gpu-hour', '--currency', 'USD', '--hourly-per-gpu', '2.50', '--gpus', '2', '--capacity-tps', '2400', '--model', 'big');
    expect(gpu).toMatchObject({ upstreamModel: 'big', card: { kind: 'gpu_hour', hourlyNanos: '2500000000', gpuCount: 2, capacityTokensPerSecond: 2400 } });
    expect(db.json('cost-cards', 'list', 'sim')).toHaveLength(2);
    expect(db.run('cost-cards', 'list', 'sim').stdout).toContain('less 10 %');
    expect(db.run('cost-cards', 'add', 'sim', '--per-token', '--gpu-hour', '--currency', 'USD').code).toBe(2);
    expect(db.run('cost-cards', 'list', 'nowhere').code).toBe(3);
  });

  it('verifies the invariants: every check printed, exit 0', () => {
    const result = db.run('verify');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.every((line) => line.startsWith('✓ '))).toBe(true);
    expect(result.stdout).toContain('trial balance is zero');
    expect(db.json('verify')).toMatchObject({ ok: true });
    expect(db.json('unbilled')).toEqual([]);
  });

  it('exits 6 and marks the broken check when the ledger does not balance', () => {
    const broken = database();
    expect(broken.run('customers', 'create', '--name', 'Bad', '--ref', 'bad').code).toBe(0);
    const transferId = broken.json('credit', 'top-up', 'bad', '--amount', '1').transfer.id as string;
    const sqlite = new Database(broken.path);
    sqlite.prepare("insert into ledger_entries (transfer_id, line, account_id, currency, amount_nanos, created_at_ms) values (?, 9, 'cash:USD', 'USD', 1, 0)").run(transferId);
    sqlite.close();
    const result = broken.run('verify');
    expect(result.code).toBe(6);
    expect(result.stdout).toMatch(/^✗ trial balance is zero in every currency: USD: 1$/m);
    expect(result.stdout).toMatch(/^✗ every transfer balances: unbalanced: /m);
  });

  it('summarises, lists and exports an empty database as empty', () => {
    const empty = database();
    const summary = empty.run('usage', 'summary', '--json');
    expect(summary.code).toBe(0);
    expect(JSON.parse(summary.stdout)).toEqual([]);
    expect(empty.json('usage', 'summary', '--by', 'customer,model,day', '--utc-offset', '480')).toEqual([]);
    expect(empty.json('usage', 'list')).toEqual([]);
    expect(empty.json('usage', 'attempts')).toEqual([]);
    expect(empty.run('usage', 'attempts').stdout).toBe('(none)\n');
    expect(empty.run('usage', 'export', '--format', 'csv').stdout).toBe(exportColumns.join(',') + '\r\n');
    expect(empty.run('usage', 'export', '--format', 'jsonl').stdout).toBe('');
    expect(empty.run('usage', 'summary', '--by', 'customer,week').code).toBe(2);
    expect(empty.run('usage', 'summary', '--utc-offset', '900').code).toBe(2);
    expect(empty.run('usage', 'list', '--from', 'last tuesday').code).toBe(2);
  });
});
