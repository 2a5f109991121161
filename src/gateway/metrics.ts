import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The /v1 path's Prometheus metrics. prom-client hashes a label object on every call; a request
 * counts five or six times, so each label combination's child is looked up by a joined string and
 * kept (combinations are few: endpoints × models × statuses, upstreams × outcomes).
 */
export class GatewayMetrics {
  private readonly requests: Counter<'endpoint' | 'model' | 'status'>;
  private readonly durationSeconds: Histogram<'endpoint' | 'stream'>;
  private readonly upstreamAttempts: Counter<'upstream' | 'outcome'>;
  private readonly inFlight: Gauge;
  private readonly tokens: Counter<'model' | 'kind'>;
  private readonly counters = new Map<string, { inc(value?: number): void }>();
  private readonly durations = new Map<string, { observe(value: number): void }>();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'tollgate_gateway_requests_total',
      help: 'Requests on /v1 by endpoint, public model and HTTP status.',
      labelNames: ['endpoint', 'model', 'status'],
      registers: [registry],
    });
    this.durationSeconds = new Histogram({
      name: 'tollgate_gateway_request_duration_seconds',
      help: 'Time from request to last byte on /v1.',
      labelNames: ['endpoint', 'stream'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    });
    this.upstreamAttempts = new Counter({
      name: 'tollgate_upstream_attempts_total',
      help: 'Calls to upstreams by upstream name and outcome (ok, connect, timeout, status, bad_response, aborted, client_closed).',
      labelNames: ['upstream', 'outcome'],
      registers: [registry],
    });
    this.inFlight = new Gauge({ name: 'tollgate_gateway_in_flight', help: 'Requests on /v1 being served now.', registers: [registry] });
    this.tokens = new Counter({
      name: 'tollgate_tokens_total',
      help: 'Tokens served by public model and kind (prompt, completion).',
      labelNames: ['model', 'kind'],
      registers: [registry],
    });
  }

  started(): void {
    this.inFlight.inc();
  }

  finished(endpoint: string, stream: boolean, seconds: number): void {
    this.inFlight.dec();
    const key = `${endpoint}\u0000${stream}`;
    let child = this.durations.get(key);
    if (!child) this.durations.set(key, (child = this.durationSeconds.labels(endpoint, String(stream))));
    child.observe(seconds);
  }

  attempt(upstream: string, outcome: string): void {
    this.count(`a\u0000${upstream}\u0000${outcome}`, () => this.upstreamAttempts.labels(upstream, outcome), 1);
  }

  served(endpoint: string, model: string, status: number, usage?: { promptTokens: number; completionTokens: number }): void {
    this.count(`r\u0000${endpoint}\u0000${model}\u0000${status}`, () => this.requests.labels(endpoint, model, String(status)), 1);
    if (!usage) return;
    this.count(`t\u0000${model}\u0000prompt`, () => this.tokens.labels(model, 'prompt'), usage.promptTokens);
    this.count(`t\u0000${model}\u0000completion`, () => this.tokens.labels(model, 'completion'), usage.completionTokens);
  }

  private count(key: string, make: () => { inc(value?: number): void }, value: number): void {
    let child = this.counters.get(key);
    if (!child) this.counters.set(key, (child = make()));
    child.inc(value);
  }
}
