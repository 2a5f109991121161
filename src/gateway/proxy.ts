import { once } from 'node:events';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { keyAllowsModel } from '../keys/service.js';
import type { FailedAttempt } from '../metering/types.js';
import { Cancellation } from '../providers/cancellation.js';
import type { Endpoint, ProviderResponse, UpstreamFailure } from '../providers/types.js';
import type { Admission, Admitter, RequestContext, Settlement } from './admission.js';
import type { CatalogCache, ResolvedModel, ResolvedRoute } from './catalog.js';
import { bearerToken } from './auth.js';
import { asUpstreamFailure, failureToError } from './failures.js';
import { orderRoutes, type UpstreamHealth } from './health.js';
import type { GatewayMetrics } from './metrics.js';
import { SseRelay } from './sse.js';
import { estimateUsage, readUsage, type Usage } from './usage.js';

export interface ProxyDeps {
  catalog: CatalogCache;
  health: UpstreamHealth;
  admitter: Admitter;
  clock: Clock;
  metrics: GatewayMetrics;
  logger: FastifyBaseLogger;
}

/** What the proxy reads of a request: Fastify's request, or the fast path's (see fast-path.ts). */
export interface ProxyRequest {
  id: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  rawBody?: string;
}

/** What the proxy does with a reply: Fastify's reply, or the fast path's. */
export interface ProxyReply {
  raw: ServerResponse;
  header(name: string, value: string): unknown;
  getHeaders(): Record<string, unknown>;
  send(body: string | Buffer): unknown;
  /** Takes the raw response over (for streams). */
  hijack(): unknown;
}

interface Attempt {
  route: ResolvedRoute;
  response: ProviderResponse;
  /** The routes tried before this one, which failed. */
  failed: FailedAttempt[];
}

/**
 * The request path of /v1: authenticate → authorize → admit → route → forward → settle.
 * Settlement happens before the last bytes of the response leave, so a response the client saw
 * complete has been recorded.
 */
export class Proxy {
  constructor(private readonly deps: ProxyDeps) {}

  async handle(endpoint: Endpoint, request: ProxyRequest, reply: ProxyReply): Promise<void> {
    const startedAt = performance.now();
    const context = await this.prepare(endpoint, request);
    const admission = await this.deps.admitter.admit(context);
    const cancellation = new Cancellation();
    // 'close' comes once per response; `on` spares the wrapper `once` makes.
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) cancellation.cancel();
    });
    this.deps.metrics.started();
    try {
      const attempt = await this.forward(context, cancellation, admission, startedAt);
      for (const [name, value] of Object.entries(admission.headers)) reply.header(name, value);
      reply.header('x-request-id', context.requestId);
      if (attempt.response.kind === 'json') await this.sendJson(context, attempt, admission, reply, startedAt);
      else await this.relayStream(context, attempt, admission, reply, startedAt);
    } finally {
      this.deps.metrics.finished(endpoint, context.stream, (performance.now() - startedAt) / 1000);
    }
  }

  private async prepare(endpoint: Endpoint, request: ProxyRequest): Promise<RequestContext> {
    const caller = await this.deps.catalog.authenticate(bearerToken(request));
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new TollgateError('invalid_request', 'The request body must be a JSON object.');
    }
    const fields = body as Record<string, unknown>;
    const modelName = fields.model;
    if (typeof modelName !== 'string' || modelName.length === 0) {
      throw new TollgateError('invalid_request', 'You must provide a model parameter.', { param: 'model' });
    }
    const model = this.deps.catalog.model(modelName);
    if (!model || !keyAllowsModel(caller.key, modelName)) {
      throw new TollgateError('model_not_found', `The model '${modelName}' does not exist or you do not have access to it.`, { param: 'model' });
    }
    const idempotencyKey = request.headers['idempotency-key'];
    return {
      requestId: request.id,
      endpoint,
      caller,
      model,
      body: fields,
      bodyText: request.rawBody ?? null,
      stream: endpoint !== 'embeddings' && fields.stream === true,
      startedAtMs: this.deps.clock.nowMs(),
      idempotencyKey: typeof idempotencyKey === 'string' && idempotencyKey.length > 0 ? idempotencyKey : null,
    };
  }

  /** Tries the model's routes in order until one answers; settles as failed if none does. */
  private async forward(context: RequestContext, cancellation: Cancellation, admission: Admission, startedAt: number): Promise<Attempt> {
    const { model, endpoint, stream } = context;
    let lastFailure: UpstreamFailure | null = null;
    const failed: FailedAttempt[] = [];
    for (const route of orderRoutes(model.routes, this.deps.health, this.deps.clock.nowMs())) {
      const attemptStartedAtMs = this.deps.clock.nowMs();
      const attemptStarted = performance.now();
      try {
        const response = await route.provider.send({ endpoint, ...upstreamBody(context, route), stream, cancellation });
        this.deps.health.recordSuccess(route.upstreamId);
        this.deps.metrics.attempt(route.upstream.name, 'ok');
        return { route, response, failed };
      } catch (error) {
        lastFailure = asUpstreamFailure(error);
        // A client that hung up aborted the attempt: no fault of the upstream's, nothing to retry.
        const outcome = cancellation.cancelled ? 'client_closed' : lastFailure.kind;
        failed.push({ upstreamId: route.upstreamId, outcome, httpStatus: lastFailure.status, latencyMs: performance.now() - attemptStarted, startedAtMs: attemptStartedAtMs });
        this.deps.metrics.attempt(route.upstream.name, outcome);
        if (cancellation.cancelled) break;
        if (lastFailure.retriable) this.deps.health.recordFailure(route.upstreamId, this.deps.clock.nowMs());
        this.deps.logger.warn({ requestId: context.requestId, upstream: route.upstream.name, kind: lastFailure.kind, status: lastFailure.status }, 'upstream attempt failed');
        if (!lastFailure.retriable) break;
      }
    }
    const error = lastFailure ? failureToError(lastFailure) : new TollgateError('no_upstream_available');
    await admission.settle(this.settlement(context, 'failed', null, null, startedAt, null, error.status, failed));
    this.count(context, error.status);
    throw error;
  }

  private async sendJson(context: RequestContext, attempt: Attempt, admission: Admission, reply: ProxyReply, startedAt: number): Promise<void> {
    const raw = (attempt.response as { body: Buffer }).body;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      await admission.settle(this.settlement(context, 'failed', attempt.route, null, startedAt, null, 502, attempt.failed));
      this.count(context, 502);
      throw new TollgateError('upstream_bad_response');
    }
    const usage = readUsage(parsed.usage) ?? estimateUsage(context.endpoint, context.body, context.model.model.name, outputText(parsed));
    await admission.settle(this.settlement(context, 'completed', attempt.route, usage, startedAt, null, 200, attempt.failed));
    this.count(context, 200, usage);
    const rename = renameTo(context.model, attempt.route);
    if (rename !== null && typeof parsed.model === 'string') parsed.model = rename;
    reply.header('content-type', 'application/json');
    await reply.send(rename !== null ? JSON.stringify(parsed) : raw);
  }

  private async relayStream(context: RequestContext, attempt: Attempt, admission: Admission, reply: ProxyReply, startedAt: number): Promise<void> {
    const stream = attempt.response as Extract<ProviderResponse, { kind: 'stream' }>;
    const clientAskedUsage = (context.body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const relay = new SseRelay({ hideUsageChunk: !clientAskedUsage, rewriteModel: renameTo(context.model, attempt.route) });
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    let firstByteMs: number | null = null;
    let failure: UpstreamFailure | null = null;
    try {
      for await (const chunk of stream.chunks) {
        const out = relay.push(chunk);
        if (out.length === 0) continue;
        firstByteMs ??= performance.now() - startedAt;
        await write(res, out);
      }
    } catch (error) {
      failure = asUpstreamFailure(error);
      stream.cancel();
    }
    const clientLeft = res.destroyed || res.writableEnded;
    const complete = !failure && !clientLeft && !relay.sawError;
    const usage = relay.usage ?? estimateUsage(context.endpoint, context.body, context.model.model.name, relay.deliveredText());
    await admission.settle(this.settlement(context, complete ? 'completed' : 'cut_short', attempt.route, usage, startedAt, firstByteMs, 200, attempt.failed));
    this.count(context, 200, usage);
    if (clientLeft) return;
    if (failure) {
      this.deps.logger.warn({ requestId: context.requestId, upstream: attempt.route.upstream.name, kind: failure.kind }, 'upstream stream cut short');
      await write(res, `data: ${JSON.stringify(failureToError(failure).toBody())}\n\n`).catch(() => undefined);
    } else if (relay.sawDone) {
      await write(res, 'data: [DONE]\n\n').catch(() => undefined);
    }
    res.end();
  }

  private settlement(
    context: RequestContext,
    outcome: Settlement['outcome'],
    route: ResolvedRoute | null,
    usage: Usage | null,
    startedAt: number,
    firstByteMs: number | null,
    httpStatus: number,
    failedAttempts: FailedAttempt[],
  ): Settlement {
    return { outcome, route, usage, latencyMs: performance.now() - startedAt, firstByteMs, httpStatus, failedAttempts };
  }

  private count(context: RequestContext, status: number, usage?: Usage): void {
    this.deps.metrics.served(context.endpoint, context.model.model.name, status, usage);
  }
}

/**
 * The body the upstream gets: the client's, with the upstream's model name and usage asked for in
 * streams. When neither changes anything, the client's own bytes go as they came.
 */
function upstreamBody(context: RequestContext, route: ResolvedRoute): { body: Record<string, unknown>; bodyText?: string } {
  if (!context.stream && route.upstreamModel === context.model.model.name && context.bodyText !== null) {
    return { body: context.body, bodyText: context.bodyText };
  }
  const body: Record<string, unknown> = { ...context.body, model: route.upstreamModel };
  if (context.stream) body.stream_options = { ...(context.body.stream_options as object | undefined), include_usage: true };
  return { body };
}

/** The public name to show in responses, when the upstream knows the model by another name. */
function renameTo(model: ResolvedModel, route: ResolvedRoute): string | null {
  return route.upstreamModel === model.model.name ? null : model.model.name;
}

function outputText(parsed: Record<string, unknown>): string {
  const choices = Array.isArray(parsed.choices) ? (parsed.choices as Record<string, unknown>[]) : [];
  return choices
    .map((c) => {
      const message = c.message as { content?: unknown } | undefined;
      if (typeof message?.content === 'string') return message.content;
      return typeof c.text === 'string' ? c.text : '';
    })
    .join('');
}

/** Writes with backpressure; resolves early if the client goes away. */
async function write(res: ServerResponse, text: string): Promise<void> {
  if (res.destroyed) return;
  if (!res.write(text)) {
    await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
}
