import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './metrics.js';

/** The children kept per label combination must count exactly what labelled calls would. */
describe('gateway metrics', () => {
  it('adds up requests, tokens, attempts and durations per label combination', async () => {
    const registry = new Registry();
    const metrics = new GatewayMetrics(registry);
    metrics.started();
    metrics.started();
    metrics.served('chat.completions', 'm1', 200, { promptTokens: 10, completionTokens: 3 });
    metrics.served('chat.completions', 'm1', 200, { promptTokens: 5, completionTokens: 2 });
    metrics.served('chat.completions', 'm1', 502);
    metrics.served('embeddings', 'm2', 200, { promptTokens: 7, completionTokens: 0 });
    metrics.attempt('up-a', 'ok');
    metrics.attempt('up-a', 'timeout');
    metrics.attempt('up-a', 'ok');
    metrics.finished('chat.completions', false, 0.02);
    metrics.finished('chat.completions', false, 0.2);

    const text = await registry.metrics();
    const value = (line: string) => Number(text.split('\n').find((l) => l.startsWith(`${line} `))?.split(' ')[1]);
    expect(value('tollgate_gateway_requests_total{endpoint="chat.completions",model="m1",status="200"}')).toBe(2);
    expect(value('tollgate_gateway_requests_total{endpoint="chat.completions",model="m1",status="502"}')).toBe(1);
    expect(value('tollgate_gateway_requests_total{endpoint="embeddings",model="m2",status="200"}')).toBe(1);
    expect(value('tollgate_tokens_total{model="m1",kind="prompt"}')).toBe(15);
    expect(value('tollgate_tokens_total{model="m1",kind="completion"}')).toBe(5);
    expect(value('tollgate_tokens_total{model="m2",kind="prompt"}')).toBe(7);
    expect(value('tollgate_upstream_attempts_total{upstream="up-a",outcome="ok"}')).toBe(2);
    expect(value('tollgate_upstream_attempts_total{upstream="up-a",outcome="timeout"}')).toBe(1);
    expect(value('tollgate_gateway_request_duration_seconds_count{endpoint="chat.completions",stream="false"}')).toBe(2);
    expect(value('tollgate_gateway_request_duration_seconds_bucket{le="0.025",endpoint="chat.completions",stream="false"}')).toBe(1);
    expect(value('tollgate_gateway_in_flight')).toBe(0);
  });
});
