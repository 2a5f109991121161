import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/**
 * A stand-in for an OpenAI-compatible upstream (vLLM, OpenAI, …), speaking the real wire format
 * over real HTTP, whose behaviour a test sets per upstream model name:
 * ok | status:<code> | hang | reset | cut:<n> (stream n content chunks, then drop the connection) |
 * no-usage (answer without a usage object).
 */
export type MockBehaviour = 'ok' | `status:${number}` | 'hang' | 'reset' | `cut:${number}` | 'no-usage';

export interface MockUpstream {
  baseUrl: string;
  /** Bodies received, newest last. */
  received: Record<string, unknown>[];
  /** Authorization headers received, newest last. */
  authorizations: (string | undefined)[];
  /** Models of `hang` requests whose caller closed the connection, in that order. */
  hungUp: string[];
  behave(model: string, behaviour: MockBehaviour): void;
  close(): Promise<void>;
}

const WORDS = ['Mock', ' answer', ' from', ' the', ' upstream', '.'];

export async function startMockUpstream(): Promise<MockUpstream> {
  const behaviours = new Map<string, MockBehaviour>();
  const received: Record<string, unknown>[] = [];
  const authorizations: (string | undefined)[] = [];
  const hungUp: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      received.push(body);
      authorizations.push(req.headers.authorization);
      const behaviour = behaviours.get(String(body.model)) ?? 'ok';
      if (behaviour === 'hang') res.once('close', () => hungUp.push(String(body.model)));
      respond(req, res, body, behaviour);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    authorizations,
    hungUp,
    behave: (model, behaviour) => behaviours.set(model, behaviour),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>, behaviour: MockBehaviour): void {
  if (behaviour === 'hang') return;
  if (behaviour === 'reset') {
    req.socket.destroy();
    return;
  }
  if (behaviour.startsWith('status:')) {
    const status = Number(behaviour.slice(7));
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `mock upstream says ${status}`, type: 'invalid_request_error', param: 'messages', code: status === 400 ? 'context_length_exceeded' : null } }));
    return;
  }
  const model = String(body.model);
  const usage = { prompt_tokens: 11, completion_tokens: WORDS.length, total_tokens: 11 + WORDS.length, prompt_tokens_details: { cached_tokens: 3 } };
  if (req.url?.endsWith('/embeddings')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', model, data: [{ object: 'embedding', index: 0, embedding: [0.6, 0.8] }], usage: { prompt_tokens: 4, total_tokens: 4 } }));
    return;
  }
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-mock',
        object: 'chat.completion',
        created: 1,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: WORDS.join('') }, finish_reason: 'stop' }],
        ...(behaviour === 'no-usage' ? {} : { usage }),
      }),
    );
    return;
  }
  streamAnswer(res, model, behaviour, (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true ? usage : null);
}

function streamAnswer(res: http.ServerResponse, model: string, behaviour: MockBehaviour, usage: object | null): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const cutAfter = behaviour.startsWith('cut:') ? Number(behaviour.slice(4)) : Infinity;
  const chunk = (choices: unknown[], extra: object = {}) => `data: ${JSON.stringify({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1, model, choices, ...extra })}\n\n`;
  res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
  WORDS.forEach((word, i) => {
    if (i >= cutAfter) return;
    res.write(chunk([{ index: 0, delta: { content: word }, finish_reason: null }]));
  });
  if (cutAfter !== Infinity) {
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (usage && behaviour !== 'no-usage') res.write(chunk([], { usage }));
  res.end('data: [DONE]\n\n');
}

/** A port with nothing listening on it: connections are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
