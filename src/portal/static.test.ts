import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';

const INDEX = '<!DOCTYPE html><html><head><script type="module" src="/console/assets/app-3f9a1c2b.js"></script></head><body><div id="app"></div></body></html>';

describe('serving the built console', () => {
  let t: TestGateway;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-3f9a1c2b.js'), 'console.log("console");');
    t = await startTestGateway({ env: { TOLLGATE_CONSOLE_DIR: dir } });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /console/ and for any page of the app, never cached without revalidation', async () => {
    for (const path of ['/console/', '/console/some/deep/link', '/console/invoices/INV-2026-000001?checkout=success']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(await response.text(), path).toBe(INDEX);
    }
  });

  it('serves hashed assets with a year-long immutable cache, and a missing asset is a 404, not the app', async () => {
    const asset = await fetch(`${t.url}/console/assets/app-3f9a1c2b.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("console");');
    expect((await fetch(`${t.url}/console/assets/app-00000000.js`)).status).toBe(404);
    const api = await fetch(`${t.url}/console/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('route_not_found');
  });

  it('sends / to the console, and keeps the session API in front of the app', async () => {
    const bare = await fetch(`${t.url}/console?x=1`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/?x=1');
    const root = await fetch(`${t.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const session = await fetch(`${t.url}/console/api/session`);
    expect(session.status).toBe(401);
    expect(((await session.json()) as { error: { code: string } }).error.code).toBe('not_signed_in');
  });
});

describe('the console when it has not been built', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ env: { TOLLGATE_CONSOLE_DIR: join(tmpdir(), 'tollgate-no-console-here') } });
  });
  afterAll(async () => t?.stop());

  it('answers a help page saying how to build it, and the server runs on', async () => {
    for (const path of ['/console/', '/console/some/deep/link']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('npm run build');
    }
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
