import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { isTollgateError, TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Endpoint } from '../providers/types.js';
import type { Proxy, ProxyReply } from './proxy.js';

const ENDPOINTS: Record<string, Endpoint> = {
  '/v1/chat/completions': 'chat.completions',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
};

export interface FastPathOptions {
  bodyLimitBytes: number;
  /** One log line per request, as Fastify writes for the routes it serves. */
  logRequests: boolean;
  isClosing(): boolean;
  logger(): FastifyBaseLogger;
}

/**
 * The three POST endpoints that carry the traffic, served straight from node:http: Fastify's
 * per-request machinery (request and reply objects, hooks, a child logger) is a large share of a
 * proxy's CPU. Everything else, GET /v1/models included, goes to Fastify. The behaviour is the
 * same: the same proxy, the same body limit and JSON errors, the same OpenAI-shaped answers.
 * Returns false for requests it does not take.
 */
export function fastPath(proxy: () => Proxy | null, options: FastPathOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || !req.url) return false;
    const query = req.url.indexOf('?');
    const path = query === -1 ? req.url : req.url.slice(0, query);
    const endpoint = ENDPOINTS[path.endsWith('/') ? path.slice(0, -1) : path];
    const handler = endpoint ? proxy() : null;
    if (!endpoint || !handler) return false;
    void serve(handler, endpoint, req, res, options);
    return true;
  };
}

async function serve(proxy: Proxy, endpoint: Endpoint, req: IncomingMessage, res: ServerResponse, options: FastPathOptions): Promise<void> {
  const id = newId('req');
  if (options.logRequests) logWhenDone(id, req, res, options.logger());
  try {
    if (options.isClosing()) throw new TollgateError('service_unavailable');
    const text = await readBody(req, options.bodyLimitBytes);
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch (error) {
      throw new TollgateError('invalid_json', `We could not parse the JSON body of your request: ${(error as Error).message}`);
    }
    await proxy.handle(endpoint, { id, headers: req.headers, body, rawBody: text }, new RawReply(res));
  } catch (error) {
    sendError(res, id, error, options.logger());
  }
}

/** The two lines Fastify writes for the routes it serves, in its shape, so one log query finds both. */
function logWhenDone(id: string, req: IncomingMessage, res: ServerResponse, logger: FastifyBaseLogger): void {
  const startedAt = performance.now();
  logger.info({ reqId: id, req: { method: req.method, url: req.url, host: req.headers.host, remoteAddress: req.socket.remoteAddress, remotePort: req.socket.remotePort } }, 'incoming request');
  res.once('close', () => {
    const responseTime = performance.now() - startedAt;
    if (res.writableFinished) logger.info({ reqId: id, res: { statusCode: res.statusCode }, responseTime }, 'request completed');
    else logger.info({ reqId: id, res: { statusCode: res.statusCode }, responseTime }, 'request aborted');
  });
}

/** Reads the body up to the limit; past it, stops reading and answers 413 (then closes the connection). */
function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) return Promise.reject(new TollgateError('body_too_large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        reject(new TollgateError('body_too_large'));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function sendError(res: ServerResponse, id: string, error: unknown, logger: FastifyBaseLogger): void {
  const failure = isTollgateError(error) ? error : new TollgateError('internal_error', undefined, { cause: error });
  if (failure.status >= 500 && !res.destroyed) logger.error({ err: error, requestId: id }, 'request failed');
  if (res.headersSent || res.destroyed) {
    if (!res.writableEnded) res.end();
    return;
  }
  const payload = JSON.stringify(failure.toBody());
  const close = failure.code === 'body_too_large' ? { connection: 'close' } : {};
  res.writeHead(failure.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': id,
    ...failure.headers,
    ...close,
  });
  res.end(payload);
}

/** The part of a reply the proxy uses, over a bare ServerResponse. */
class RawReply implements ProxyReply {
  private readonly headers: Record<string, string> = {};

  constructor(readonly raw: ServerResponse) {}

  header(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }

  getHeaders(): Record<string, string> {
    return this.headers;
  }

  hijack(): void {}

  send(body: string | Buffer): void {
    this.raw.writeHead(200, { ...this.headers, 'content-length': Buffer.byteLength(body) });
    this.raw.end(body);
  }
}
