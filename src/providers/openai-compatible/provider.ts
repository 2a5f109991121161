import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import type { Upstream } from '../../upstreams/types.js';
import type { Cancellation } from '../cancellation.js';
import { endpointPaths, type Provider, type ProviderRequest, type ProviderResponse, UpstreamFailure } from '../types.js';

export interface HttpProviderOptions {
  apiKey: string | null;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  connections: number;
}

/**
 * Any server that speaks OpenAI's API: vLLM, SGLang, Ollama, llama.cpp server, OpenAI, DeepSeek,
 * DashScope's compatible mode. One keep-alive pool per upstream; the body is sent as given, so
 * fields Tollgate does not know pass through.
 */
export class OpenAICompatibleProvider implements Provider {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;

  constructor(
    upstream: Upstream,
    private readonly options: HttpProviderOptions,
  ) {
    const url = new URL(upstream.baseUrl!);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: upstream.settings.timeouts?.headersMs ?? options.headersTimeoutMs,
      bodyTimeout: upstream.settings.timeouts?.bodyMs ?? options.bodyTimeoutMs,
    });
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(upstream.settings.headers ?? {}),
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    };
  }

  send(request: ProviderRequest): Promise<ProviderResponse> {
    const path = this.basePath + endpointPaths[request.endpoint];
    const body = request.bodyText ?? JSON.stringify(request.body);
    return request.stream ? this.sendStreaming(request, path, body) : this.sendBuffered(request.cancellation, path, body);
  }

  /**
   * A non-streamed answer is read whole through undici's dispatch API: no Readable and no async
   * iteration per request, which `request()` costs (a proxy's hot path, measured in bench/).
   */
  private sendBuffered(cancellation: Cancellation, path: string, body: string): Promise<ProviderResponse> {
    if (cancellation.cancelled) return Promise.reject(new UpstreamFailure('aborted', 'Request aborted'));
    return new Promise((resolve, reject) => {
      this.pool.dispatch({ method: 'POST', path, headers: this.headers, body }, new BufferingHandler(cancellation, resolve, reject));
    });
  }

  private async sendStreaming(request: ProviderRequest, path: string, body: string): Promise<ProviderResponse> {
    let response;
    try {
      response = await this.pool.request({ method: 'POST', path, headers: this.headers, body, signal: request.cancellation.signal });
    } catch (error) {
      throw classify(error);
    }
    const { statusCode, body: stream } = response;
    if (!succeeded(statusCode)) {
      throw statusFailure(statusCode, await readAll(stream).catch(() => Buffer.alloc(0)));
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (contentType.includes('text/event-stream')) {
      return { kind: 'stream', chunks: wrapStream(stream), cancel: () => stream.destroy() };
    }
    try {
      return { kind: 'json', body: await readAll(stream) };
    } catch (error) {
      throw classify(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Collects one answer's bytes; a non-2xx answer becomes a `status` failure carrying its body. */
class BufferingHandler implements Dispatcher.DispatchHandler {
  private readonly chunks: Buffer[] = [];
  private statusCode = 0;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly cancellation: Cancellation,
    private readonly resolve: (response: ProviderResponse) => void,
    private readonly reject: (failure: UpstreamFailure) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // undici may start a request again (a pipelined connection that failed first): listen once.
    this.stopListening?.();
    this.stopListening = this.cancellation.onCancel(() => controller.abort(new undiciErrors.RequestAbortedError()));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.statusCode = statusCode;
    this.chunks.length = 0;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.stopListening?.();
    const body = this.body();
    if (succeeded(this.statusCode)) this.resolve({ kind: 'json', body });
    else this.reject(statusFailure(this.statusCode, body));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.stopListening?.();
    // An error answer whose body broke off is still that error (its status decides on fallback).
    const answered = this.statusCode !== 0 && !succeeded(this.statusCode);
    this.reject(answered && !this.cancellation.cancelled ? statusFailure(this.statusCode, this.body()) : classify(error));
  }

  private body(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
  }
}

const succeeded = (statusCode: number) => statusCode >= 200 && statusCode < 300;

function statusFailure(statusCode: number, body: Buffer): UpstreamFailure {
  return new UpstreamFailure('status', `Upstream answered HTTP ${statusCode}`, statusCode, body);
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** Re-throws stream errors as UpstreamFailure so the relay can tell a timeout from a reset. */
async function* wrapStream(body: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  try {
    for await (const chunk of body) yield chunk;
  } catch (error) {
    throw classify(error);
  }
}

function classify(error: unknown): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const err = error as { code?: string; name?: string; message?: string };
  const message = err.message ?? String(error);
  if (err.name === 'AbortError' || err.code === 'UND_ERR_ABORTED') return new UpstreamFailure('aborted', 'Request aborted');
  if (error instanceof undiciErrors.ConnectTimeoutError) return new UpstreamFailure('connect', `Connect timeout: ${message}`);
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new UpstreamFailure('timeout', message);
  }
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH' || err.code === 'EAI_AGAIN') {
    return new UpstreamFailure('connect', `${err.code}: ${message}`);
  }
  // A reset or closed socket: before any response this is a connection failure worth retrying.
  return new UpstreamFailure('connect', `${err.code ?? err.name ?? 'error'}: ${message}`);
}
