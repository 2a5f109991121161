import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/dialects.js';
import { applyFile, parseApplyFile } from './apply.js';
import { createServices, type Services } from './services.js';

const file = `
upstreams:
  - name: sim
    type: sim
  - name: vendor
    type: openai-compatible
    baseUrl: https://llm.example/v1
    apiKey: \${VENDOR_KEY}
models:
  - name: chat
    routes: [{ upstream: vendor, upstreamModel: vendor-chat }, { upstream: sim, priority: 9 }]
customers:
  - ref: acme
    name: Acme
    keys:
      - name: prod
        allowedModels: [chat]
`;

describe('tollgate apply', () => {
  let database: TestDatabase;
  let services: Services;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    services = await createServices(database.config);
  });
  afterAll(async () => {
    await services?.close();
    await database?.cleanup();
  });

  it('creates everything the first time, shows new key secrets once, and changes nothing the second time', async () => {
    const first = await applyFile(services, parseApplyFile(file, { VENDOR_KEY: 'sk-1' }));
    expect(first.map((c) => `${c.kind}:${c.name}:${c.action}`)).toEqual(['upstream:sim:created', 'upstream:vendor:created', 'model:chat:created', 'customer:acme:created', 'key:acme/prod:created']);
    expect(first.at(-1)?.secret).toMatch(/^tg-/);
    const second = await applyFile(services, parseApplyFile(file, { VENDOR_KEY: 'sk-1' }));
    expect(second.every((c) => c.action === 'unchanged' && !c.secret)).toBe(true);
  });

  it('updates what changed, including a rotated upstream credential', async () => {
    const changes = await applyFile(services, parseApplyFile(file.replace('name: Acme', 'name: Acme Corp'), { VENDOR_KEY: 'sk-2' }));
    expect(changes.filter((c) => c.action === 'updated').map((c) => c.name)).toEqual(['vendor', 'acme']);
    expect(services.upstreams.apiKeyOf(await services.upstreams.get('vendor'))).toBe('sk-2');
  });

  it('says which variable is missing and which field is wrong', () => {
    expect(() => parseApplyFile(file, {})).toThrow(/VENDOR_KEY/);
    expect(() => parseApplyFile('models:\n  - name: x\n    routes: []\n', {})).toThrow(/models\.0\.routes/);
    expect(() => parseApplyFile('customers: [{ name: no-ref }]', {})).toThrow(/customers\.0\.ref/);
    expect(() => parseApplyFile('upstreams: [', {})).toThrow(/YAML/);
  });
});
