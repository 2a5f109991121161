import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface GatewayMetrics {
  requests: Counter<'endpoint' | 'model' | 'status'>;
  durationSeconds: Histogram<'endpoint' | 'stream'>;
  upstreamAttempts: Counter<'upstream' | 'outcome'>;
  inFlight: Gauge;
  tokens: Counter<'model' | 'kind'>;
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  return {
    requests: new Counter({
      name: 'tollgate_gateway_requests_total',
      help: 'Requests on /v1 by endpoint, public model and HTTP status.',
      labelNames: ['endpoint', 'model', 'status'],
      registers: [registry],
    }),
    durationSeconds: new Histogram({
      name: 'tollgate_gateway_request_duration_seconds',
      help: 'Time from request to last byte on /v1.',
      labelNames: ['endpoint', 'stream'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    upstreamAttempts: new Counter({
      name: 'tollgate_upstream_attempts_total',
      help: 'Calls to upstreams by upstream name and outcome (ok, connect, timeout, status, bad_response, aborted, client_closed).',
      labelNames: ['upstream', 'outcome'],
      registers: [registry],
    }),
    inFlight: new Gauge({ name: 'tollgate_gateway_in_flight', help: 'Requests on /v1 being served now.', registers: [registry] }),
    tokens: new Counter({
      name: 'tollgate_tokens_total',
      help: 'Tokens served by public model and kind (prompt, completion).',
      labelNames: ['model', 'kind'],
      registers: [registry],
    }),
  };
}
