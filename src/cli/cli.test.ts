import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the built CLI (npm test builds first), as a user would.
const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));
const env = { ...process.env, TOLLGATE_DATA_DIR: dataDir, TOLLGATE_DATABASE_URL: `sqlite:${join(dataDir, 'cli.db')}` };

function tollgate(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.runIf(existsSync(cli))('the tollgate CLI', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates and lists customers, as a table and as JSON', () => {
    const created = tollgate('customers', 'create', '--name', 'Acme', '--ref', 'acme', '--json');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'Acme', ref: 'acme', status: 'active' });
    const table = tollgate('customers', 'list');
    expect(table.stdout).toMatch(/^ID\s+REF\s+NAME/);
    expect(table.stdout).toContain('acme');
    expect(JSON.parse(tollgate('customers', 'list', '--json').stdout)).toHaveLength(1);
  });

  it('issues a key shown once and never lists its secret or hash', () => {
    const issued = JSON.parse(tollgate('keys', 'create', '--customer', 'acme', '--models', 'a,b', '--json').stdout) as { secret: string; id: string };
    expect(issued.secret).toMatch(/^tg-/);
    const listed = tollgate('keys', 'list', '--customer', 'acme', '--json').stdout;
    expect(listed).not.toContain(issued.secret);
    expect(listed).not.toContain('"hash"');
    expect(tollgate('keys', 'revoke', issued.id).code).toBe(0);
  });

  it('exits with codes that mean something', () => {
    expect(tollgate('customers', 'get', 'nobody').code).toBe(3);
    const duplicate = tollgate('customers', 'create', '--name', 'Again', '--ref', 'acme');
    expect(duplicate.code).toBe(4);
    expect(duplicate.stderr).toContain('already exists');
    expect(tollgate('customers', 'frobnicate').code).toBe(2);
    expect(tollgate('customers', 'create', '--name', 'X', '--currency', 'XYZ').code).toBe(2);
    const badDb = spawnSync(process.execPath, [cli, 'customers', 'list'], { env: { ...env, TOLLGATE_DATABASE_URL: 'mysql://x' }, encoding: 'utf8' });
    expect(badDb.status).toBe(2);
    expect(badDb.stderr).toContain('DATABASE_URL');
  });

  it('applies a declarative file', () => {
    const result = tollgate('apply', '-f', new URL('../../examples/tollgate.example.yaml', import.meta.url).pathname, '--json');
    expect(result.code).toBe(0);
    const changes = JSON.parse(result.stdout) as { kind: string; name: string; action: string }[];
    // The customer "acme" exists from the first test, so the file renames it rather than creating it.
    expect(changes.map((c) => `${c.kind}:${c.name}:${c.action}`)).toEqual([
      'upstream:sim:created',
      'cost card:sim/*:created',
      'upstream:local-vllm:created',
      'cost card:local-vllm/*:created',
      'model:sim-mini:created',
      'price:sim-mini USD:created',
      'model:qwen3-8b:created',
      'price:qwen3-8b USD:created',
      'customer:acme:updated',
      'key:acme/production:created',
      'customer:tinkerer:created',
      'key:tinkerer/laptop:created',
    ]);
    expect(tollgate('apply', '-f', new URL('../../examples/tollgate.example.yaml', import.meta.url).pathname).stdout).not.toMatch(/created|updated/);
  });
});
