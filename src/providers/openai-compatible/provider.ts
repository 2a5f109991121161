import { Pool, errors as undiciErrors } from 'undici';
import type { Upstream } from '../../upstreams/types.js';
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

  async send(request: ProviderRequest): Promise<ProviderResponse> {
    let response;
    try {
      response = await this.pool.request({
        method: 'POST',
        path: this.basePath + endpointPaths[request.endpoint],
        headers: this.headers,
        body: request.bodyText ?? JSON.stringify(request.body),
        signal: request.signal,
      });
    } catch (error) {
      throw classify(error);
    }
    const { statusCode, body } = response;
    if (statusCode < 200 || statusCode >= 300) {
      const bytes = await readAll(body).catch(() => Buffer.alloc(0));
      throw new UpstreamFailure('status', `Upstream answered HTTP ${statusCode}`, statusCode, bytes);
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (request.stream && contentType.includes('text/event-stream')) {
      return { kind: 'stream', chunks: wrapStream(body), cancel: () => body.destroy() };
    }
    try {
      return { kind: 'json', body: await readAll(body) };
    } catch (error) {
      throw classify(error);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
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
