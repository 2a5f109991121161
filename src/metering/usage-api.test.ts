import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDecimalNanos } from '../core/money.js';
import { dialects } from '../test-support/dialects.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { exportColumns } from './export.js';
import type { UsageEventView } from './views.js';

interface Sent {
  requestId: string;
  customerId: string;
  model: string;
  promptTokens: number | null;
  completionTokens: number | null;
}

type Row = Record<string, string | number | boolean | null>;

/** RFC 4180, read strictly: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        field += '"';
        i += 1;
      }
    }
    const char = text[i];
    if (char === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (char === '\r' && text[i + 1] === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      i += 2;
    } else if (char === undefined) {
      break;
    } else {
      field += char;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

/** A list item as it must appear in an export: both times also in ISO 8601, columns in file order. */
function exported(event: UsageEventView): Row {
  const record: Row = { ...event, startedAt: new Date(event.startedAtMs).toISOString(), createdAt: new Date(event.createdAtMs).toISOString() };
  return Object.fromEntries(exportColumns.map((c) => [c, record[c] ?? null]));
}

const asCsvCell = (value: Row[string]) => (value === null ? '' : String(value));
const nanos = (text: string) => parseDecimalNanos(text)!;

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the usage API (${dialect.name})`, () => {
    let t: TestGateway;
    let owner: string;
    let alpha: { id: string; secret: string; customerId: string };
    let beta: { id: string; secret: string; customerId: string };
    const sent: Sent[] = [];
    let all: UsageEventView[] = [];

    async function get(path: string) {
      const response = await fetch(`${t.url}/admin/v1${path}`, { headers: { authorization: `Bearer ${owner}` } });
      return { status: response.status, headers: response.headers, text: await response.text() };
    }
    async function getJson(path: string) {
      const response = await get(path);
      expect(response.status, response.text).toBe(200);
      return JSON.parse(response.text) as { data: any[]; hasMore?: boolean };
    }

    async function chat(key: typeof alpha, model: string, content: string, options: { stream?: boolean; idempotencyKey?: string } = {}) {
      const client = t.client(key.secret);
      const messages = [{ role: 'user' as const, content }];
      if (options.stream) {
        const { data, request_id } = await client.chat.completions.create({ model, messages, stream: true }).withResponse();
        for await (const chunk of data) void chunk;
        sent.push({ requestId: request_id!, customerId: key.customerId, model, promptTokens: null, completionTokens: null });
        return;
      }
      const { data, request_id } = await client.chat.completions.create({ model, messages }, { headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {} }).withResponse();
      sent.push({ requestId: request_id!, customerId: key.customerId, model, promptTokens: data.usage!.prompt_tokens, completionTokens: data.usage!.completion_tokens });
    }

    beforeAll(async () => {
      t = await startTestGateway({
        dialect: dialect.name,
        seed: {
          upstreams: [
            { name: 'sim', type: 'sim', costCards: [{ kind: 'per_token', currency: 'USD', perMillionTokens: { input: '0.40', output: '0.90' } }] },
            { name: 'sim-eu', type: 'sim', costCards: [{ kind: 'per_token', currency: 'EUR', perMillionTokens: { input: '0.30', output: '0.70' } }] },
          ],
          models: [
            { name: 'sim-mini', routes: [{ upstream: 'sim' }] },
            { name: 'sim-large', routes: [{ upstream: 'sim' }] },
            { name: 'sim-euro', routes: [{ upstream: 'sim-eu' }] },
          ],
        },
      });
      owner = await t.operatorToken('viewer');
      alpha = await t.issueKey('alpha');
      beta = await t.issueKey('beta');
      await chat(alpha, 'sim-mini', 'Name three prime numbers.');
      await chat(alpha, 'sim-mini', 'Write one sentence about rivers, please.', { idempotencyKey: 'retry,"quoted" key' });
      await chat(alpha, 'sim-large', 'Describe a lighthouse in a few words.');
      await chat(alpha, 'sim-large', 'Count from one to five.', { stream: true });
      await chat(alpha, 'sim-euro', 'Say hello in French.');
      await chat(beta, 'sim-mini', 'What is the capital of Peru?');
      await chat(beta, 'sim-mini', 'Give me a haiku about snow.', { stream: true });
      await chat(beta, 'sim-large', 'List four colours of the rainbow.');
      all = (await getJson('/usage?limit=1000')).data as UsageEventView[];
    });
    afterAll(async () => t?.stop());

    it('lists every request that was sent, newest first, with the usage the client saw', () => {
      expect(all.map((e) => e.requestId).sort()).toEqual(sent.map((s) => s.requestId).sort());
      const order = [...all].sort((a, b) => b.startedAtMs - a.startedAtMs || (a.requestId < b.requestId ? 1 : -1));
      expect(all.map((e) => e.requestId)).toEqual(order.map((e) => e.requestId));
      for (const s of sent) {
        const event = all.find((e) => e.requestId === s.requestId)!;
        expect(event).toMatchObject({ customerId: s.customerId, model: s.model, outcome: 'completed', currency: 'USD', endpoint: 'chat.completions' });
        if (s.promptTokens !== null) expect(event).toMatchObject({ promptTokens: s.promptTokens, completionTokens: s.completionTokens });
        expect(nanos(event.revenue)).toBeGreaterThan(0n);
        expect(nanos(event.cost)).toBeGreaterThan(0n);
      }
      expect(all.find((e) => e.model === 'sim-euro')?.costCurrency).toBe('EUR');
      expect(all.filter((e) => e.stream)).toHaveLength(2);
    });

    it('filters by request, customer, key, model, upstream, outcome and time', async () => {
      const expectIds = async (query: string, keep: (e: UsageEventView) => boolean) => {
        const ids = (await getJson(`/usage?limit=1000&${query}`)).data.map((e: UsageEventView) => e.requestId);
        expect(ids, query).toEqual(all.filter(keep).map((e) => e.requestId));
        return ids.length;
      };
      expect(await expectIds(`customerId=${beta.customerId}`, (e) => e.customerId === beta.customerId)).toBe(3);
      expect(await expectIds(`keyId=${alpha.id}`, (e) => e.keyId === alpha.id)).toBe(5);
      expect(await expectIds('model=sim-large', (e) => e.model === 'sim-large')).toBe(3);
      expect(await expectIds(`customerId=${alpha.customerId}&model=sim-mini`, (e) => e.customerId === alpha.customerId && e.model === 'sim-mini')).toBe(2);
      const euro = all.find((e) => e.model === 'sim-euro')!;
      expect(await expectIds(`upstreamId=${euro.upstreamId}`, (e) => e.upstreamId === euro.upstreamId)).toBe(1);
      expect(await expectIds('outcome=completed', () => true)).toBe(8);
      expect(await expectIds(`requestId=${euro.requestId}`, (e) => e.requestId === euro.requestId)).toBe(1);
      expect(await expectIds('outcome=failed', () => false)).toBe(0);
      const middle = all[4]!.startedAtMs;
      await expectIds(`fromMs=${middle}`, (e) => e.startedAtMs >= middle);
      await expectIds(`toMs=${middle}`, (e) => e.startedAtMs < middle);
      await expectIds(`fromMs=${middle}&toMs=${middle + 1}`, (e) => e.startedAtMs === middle);
    });

    it('pages with before=<last request id> through every event exactly once', async () => {
      const seen: string[] = [];
      let before = '';
      for (;;) {
        const page = await getJson(`/usage?limit=3${before ? `&before=${before}` : ''}`);
        seen.push(...page.data.map((e: UsageEventView) => e.requestId));
        if (!page.hasMore) break;
        expect(page.data).toHaveLength(3);
        before = page.data[2].requestId;
      }
      expect(seen).toEqual(all.map((e) => e.requestId));
      const filtered = await getJson(`/usage?limit=1&customerId=${beta.customerId}`);
      const next = await getJson(`/usage?limit=10&customerId=${beta.customerId}&before=${filtered.data[0].requestId}`);
      expect(next.data.map((e: UsageEventView) => e.requestId)).toEqual(all.filter((e) => e.customerId === beta.customerId).slice(1).map((e) => e.requestId));
      const unknown = await get('/usage?before=req_nothing');
      expect(unknown.status).toBe(400);
      expect(JSON.parse(unknown.text).error.param).toBe('before');
      expect((await get('/usage?limit=1001')).status).toBe(400);
    });

    it('sums by customer and model exactly what the events add up to, with margin only in one currency', async () => {
      const summary = await getJson('/usage/summary?groupBy=customer,model');
      const expected = new Map<string, Row>();
      for (const e of all) {
        const key = `${e.customerId}/${e.model}`;
        const row = expected.get(key) ?? { customerId: e.customerId, model: e.model, currency: e.currency, requests: 0, failedRequests: 0, promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, revenue: '0', cost: '0' };
        row.requests = (row.requests as number) + (e.outcome === 'failed' ? 0 : 1);
        row.failedRequests = (row.failedRequests as number) + (e.outcome === 'failed' ? 1 : 0);
        row.promptTokens = (row.promptTokens as number) + e.promptTokens;
        row.cachedPromptTokens = (row.cachedPromptTokens as number) + e.cachedPromptTokens;
        row.completionTokens = (row.completionTokens as number) + e.completionTokens;
        row.revenue = String(BigInt(row.revenue as string) + nanos(e.revenue));
        row.cost = String(BigInt(row.cost as string) + nanos(e.cost));
        expected.set(key, row);
      }
      expect(summary.data).toHaveLength(expected.size);
      for (const row of summary.data) {
        const want = expected.get(`${row.customerId}/${row.model}`)!;
        expect({ ...row, revenue: String(nanos(row.revenue)), cost: String(nanos(row.cost)) }).toMatchObject(want);
        if (row.model === 'sim-euro') {
          expect(row).toMatchObject({ costCurrency: 'EUR', margin: null });
        } else {
          expect(row.costCurrency).toBe('USD');
          expect(nanos(row.margin)).toBe(nanos(row.revenue) - nanos(row.cost));
        }
        expect(row.avgLatencyMs).toBeGreaterThanOrEqual(0);
      }
      expect(summary).toMatchObject({ object: 'list', groupBy: ['customer', 'model'], utcOffsetMinutes: 0 });
    });

    it('buckets by local day and month, and totals per currency without a groupBy', async () => {
      const totalRevenue = all.reduce((sum, e) => sum + nanos(e.revenue), 0n);
      const byDay = new Map<string, number>();
      for (const e of all) {
        const localHour = Math.floor(e.startedAtMs / 3_600_000) * 3_600_000 + 480 * 60_000;
        const day = new Date(localHour).toISOString().slice(0, 10);
        byDay.set(day, (byDay.get(day) ?? 0) + 1);
      }
      const days = await getJson('/usage/summary?groupBy=day&utcOffsetMinutes=480');
      expect(Object.fromEntries(days.data.map((r) => [r.day, r.requests]))).toEqual(Object.fromEntries(byDay));
      for (const row of days.data) expect(new Date(row.dayStartMs + 480 * 60_000).toISOString()).toBe(`${row.day}T00:00:00.000Z`);
      const months = await getJson('/usage/summary?groupBy=month,customer&utcOffsetMinutes=480');
      expect(months.data.reduce((n, r) => n + r.requests, 0)).toBe(all.length);
      expect(months.data.every((r) => /^\d{4}-\d{2}$/.test(r.month) && r.customerId)).toBe(true);
      const totals = await getJson('/usage/summary');
      expect(totals.data).toHaveLength(1);
      expect(totals.data[0]).toMatchObject({ currency: 'USD', requests: all.length, costCurrency: null, margin: null });
      expect(nanos(totals.data[0].revenue)).toBe(totalRevenue);
      const onlyBeta = await getJson(`/usage/summary?groupBy=hour&customerId=${beta.customerId}&model=sim-mini`);
      expect(onlyBeta.data.reduce((n, r) => n + r.requests, 0)).toBe(2);
      expect((await get('/usage/summary?groupBy=customer,week')).status).toBe(400);
      expect((await getJson('/ledger/verify') as unknown as { ok: boolean }).ok).toBe(true);
    });

    it('exports CSV that parses back to the listed events, field for field', async () => {
      const response = await get('/usage/export?format=csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="usage-.*\.csv"$/);
      const [header, ...rows] = parseCsv(response.text);
      expect(header).toEqual([...exportColumns]);
      expect(rows.map((cells) => Object.fromEntries(header!.map((column, i) => [column, cells[i]])))).toEqual(
        all.map((e) => Object.fromEntries(Object.entries(exported(e)).map(([k, v]) => [k, asCsvCell(v)]))),
      );
      expect(rows.some((cells) => cells.includes('retry,"quoted" key'))).toBe(true);
      const beta3 = parseCsv((await get(`/usage/export?format=csv&customerId=${beta.customerId}`)).text);
      expect(beta3).toHaveLength(1 + 3);
    });

    it('exports JSON lines equal to the listed events, and pages through the table in chunks', async () => {
      const response = await get(`/usage/export?format=jsonl&model=sim-mini`);
      expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const lines = response.text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((line) => JSON.parse(line))).toEqual(all.filter((e) => e.model === 'sim-mini').map(exported));
      const chunks: number[] = [];
      const ids: string[] = [];
      for await (const chunk of t.gateway.services.usage.chunks({}, 3)) {
        chunks.push(chunk.length);
        ids.push(...chunk.map((e) => e.requestId));
      }
      expect(chunks).toEqual([3, 3, 2]);
      expect(ids).toEqual(all.map((e) => e.requestId));
    });

    it('documents the usage routes in the OpenAPI document', async () => {
      const doc = JSON.parse((await get('/openapi.json')).text) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/admin/v1/usage', '/admin/v1/usage/summary', '/admin/v1/usage/export']));
      expect(doc.paths['/admin/v1/usage/summary']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['groupBy', 'utcOffsetMinutes', 'fromMs', 'toMs']));
    });
  });
}
