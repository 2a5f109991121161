#!/usr/bin/env node
// The README's test command (`npm test`): type-check and build, then run every suite once.
// Suites that need PostgreSQL or Redis run against the real servers; when one is not reachable
// they are skipped locally (and named at the end), while CI=true turns that into a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;
const report = join(tmpdir(), `tollgate-test-report-${process.pid}.txt`);
rmSync(report, { force: true });

if (run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);
// The console has its own settings (DOM, JSX) and its end-to-end tests theirs (Node).
for (const project of ['console/tsconfig.json', 'console/e2e/tsconfig.json']) if (run('npx', ['tsc', '-p', project, '--noEmit']) !== 0) process.exit(1);
if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
const status = run('npx', ['vitest', 'run', ...process.argv.slice(2)], { ...process.env, TOLLGATE_TEST_REPORT: report });
if (existsSync(report)) {
  process.stderr.write(`\n[tollgate tests] ${readFileSync(report, 'utf8')}`);
  rmSync(report, { force: true });
}
process.exit(status);
