import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/dialects.js';
import { NOV_1, seedNovember } from '../../test-support/profit-fixture.js';

// Runs the built CLI (npm test builds first) over the November of test-support/profit-fixture.ts.
const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;

describe.runIf(existsSync(cli))('tollgate report profit|plans|what-if|gpu and gpu allocate', () => {
  let database: TestDatabase;
  const tollgate = (...args: string[]) => {
    const { dataDir, database: db } = database.config;
    const env = { ...process.env, TOLLGATE_DATA_DIR: dataDir, TOLLGATE_DATABASE_URL: `sqlite:${db.dialect === 'sqlite' ? db.path : ''}`, TOLLGATE_LOG_LEVEL: 'silent' };
    const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const november = ['--from', '2026-11-01', '--to', '2026-12-01', '--currency', 'USD'];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const clock = new ManualClock(NOV_1);
    const services = await createServices(database.config, { clock });
    await seedNovember(services, clock);
    await services.close();
  });
  afterAll(async () => database?.cleanup());

  it('prints profit by model as JSON and as a table with its total', () => {
    const json = tollgate('report', 'profit', '--by', 'model', ...november, '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { rows: { key: string; margin: string }[]; totals: { revenue: string; unattributedRevenue: string } };
    expect(report.rows.map((r) => [r.key, r.margin])).toEqual([['small', '-0.7'], ['big', '1']]);
    expect(report.totals).toMatchObject({ revenue: '18', unattributedRevenue: '10' });
    const table = tollgate('report', 'profit', '--by', 'model', ...november);
    expect(table.stdout).toMatch(/^Profit by model in USD, 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z\nNAME\s+REQUESTS/);
    expect(table.stdout).toMatch(/\nTOTAL\s+4\s+1084500\s+18\s+10\s+1.5\s+1\s+3606.2\s+3598.5\s+-3588.2\s+-19934.44%\n/);
  });

  it('prints plans, a what-if and the GPU hours', () => {
    expect(JSON.parse(tollgate('report', 'plans', '--month', '2026-11', '--json').stdout).plans[0]).toMatchObject({ code: 'basic', subscribers: 1, cost: '1.7' });
    expect(JSON.parse(tollgate('report', 'what-if', '--model', 'small', '--input', '0.2', '--output', '0.8', ...november, '--json').stdout)).toMatchObject({ requests: 2, charged: { revenue: '5.5' } });
    expect(JSON.parse(tollgate('report', 'gpu', '--from', '2026-11-01', '--to', '2026-12-01', '--json').stdout).data[0]).toMatchObject({ name: 'gpu', hours: 720, breakEvenUtilisationPct: 60 });
    expect(tollgate('report', 'gpu', '--from', '2026-11-01', '--to', '2026-12-01').stdout).toMatch(/\ngpu\s+720\s+3600 USD\s+1.5\s+3598.5/);
  });

  it('allocates GPU hours on demand without allocating any twice', () => {
    const run = tollgate('gpu', 'allocate', '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { upstreams: { error: string | null }[] };
    expect(result.upstreams.map((u) => u.error)).toEqual([null]);
    const report = JSON.parse(tollgate('report', 'gpu', '--from', '2026-11-01', '--to', '2026-12-01', '--json').stdout);
    expect(report.data[0]).toMatchObject({ hours: 720, cost: '3600' });
  });

  it('refuses bad options with exit code 2', () => {
    expect(tollgate('report', 'profit', '--by', 'planet').code).toBe(2);
    expect(tollgate('report', 'plans', '--month', 'November').code).toBe(2);
    expect(tollgate('report', 'what-if', '--model', 'small', '--input', '-1', '--output', '1').code).toBe(2);
  });
});
