import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived, which is what a signature covers. */
  rawBody: Buffer;
  verified: boolean;
  answeredStatus: number;
}

/**
 * A webhook consumer on 127.0.0.1, as an operator would write one: it checks each request's
 * signature and answers 400 when it does not verify. A test may queue statuses for a path to
 * simulate an endpoint that fails (500) before it works.
 */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  receivedAt(path: string): ReceivedWebhook[];
  answer(path: string, ...statuses: number[]): void;
  close(): Promise<void>;
}

export type Verifier = (rawBody: Buffer, headers: IncomingHttpHeaders, path: string) => boolean;

export async function startWebhookReceiver(verify: Verifier): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const queued = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const rawBody = Buffer.concat(chunks);
      const verified = verify(rawBody, req.headers, path);
      const status = verified ? (queued.get(path)?.shift() ?? 200) : 400;
      received.push({ path, headers: req.headers, rawBody, verified, answeredStatus: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `receiver says ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    receivedAt: (path) => received.filter((r) => r.path === path),
    answer: (path, ...statuses) => queued.set(path, [...(queued.get(path) ?? []), ...statuses]),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL nothing listens on: the port was free a moment ago and is closed again. */
export async function unreachableUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}
