import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Stripe's API over real HTTP, speaking its wire format (form-encoded requests,
 * JSON objects back) for the calls Tollgate makes: create and retrieve a Checkout Session.
 * Point the SDK at `apiBase` (TOLLGATE_STRIPE_API_BASE). It keeps every request so tests can
 * assert what was sent.
 */
export interface StandInRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  contentType: string | undefined;
  /** The form body, flat, as sent: `line_items[0][price_data][unit_amount]` → "1250". */
  form: Record<string, string>;
}

export interface StandInSession {
  id: string;
  object: 'checkout.session';
  url: string;
  mode: string;
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_status: 'unpaid' | 'paid';
  status: 'open' | 'complete' | 'expired';
  success_url: string;
  cancel_url: string;
  created: number;
}

export interface StripeStandIn {
  /** http://127.0.0.1:<port>, for TOLLGATE_STRIPE_API_BASE. */
  apiBase: string;
  requests: StandInRequest[];
  sessions: Map<string, StandInSession>;
  /** The next session create answers this status with a Stripe-shaped error. */
  failNextCreate(status: number, message: string): void;
  close(): Promise<void>;
}

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const requests: StandInRequest[] = [];
  const sessions = new Map<string, StandInSession>();
  let nextFailure: { status: number; message: string } | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        authorization: req.headers.authorization,
        idempotencyKey: header(req, 'idempotency-key'),
        contentType: header(req, 'content-type'),
        form,
      });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` });
        res.end(JSON.stringify(body));
      };
      if (!/^Bearer sk_test_\S+$/.test(req.headers.authorization ?? '')) {
        return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } });
      }
      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        if (nextFailure) {
          const failure = nextFailure;
          nextFailure = null;
          return send(failure.status, { error: { type: 'invalid_request_error', message: failure.message } });
        }
        const session = sessionFrom(form, `http://${req.headers.host}`);
        sessions.set(session.id, session);
        return send(200, session);
      }
      const retrieve = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && retrieve) {
        const session = sessions.get(decodeURIComponent(retrieve[1]!));
        return session ? send(200, session) : send(404, { error: { type: 'invalid_request_error', message: `No such checkout.session: '${retrieve[1]}'`, code: 'resource_missing' } });
      }
      return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBase: `http://127.0.0.1:${port}`,
    requests,
    sessions,
    failNextCreate: (status, message) => {
      nextFailure = { status, message };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sessionFrom(form: Record<string, string>, origin: string): StandInSession {
  const id = `cs_test_${randomBytes(12).toString('hex')}`;
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const match = /^metadata\[([^\]]+)\]$/.exec(key);
    if (match) metadata[match[1]!] = value;
  }
  const quantity = Number(form['line_items[0][quantity]'] ?? '1');
  return {
    id,
    object: 'checkout.session',
    url: `${origin}/c/pay/${id}`,
    mode: form.mode ?? 'payment',
    amount_total: Number(form['line_items[0][price_data][unit_amount]'] ?? '0') * quantity,
    currency: form['line_items[0][price_data][currency]'] ?? 'usd',
    client_reference_id: form.client_reference_id ?? null,
    customer_email: form.customer_email ?? null,
    metadata,
    payment_status: 'unpaid',
    status: 'open',
    success_url: form.success_url ?? '',
    cancel_url: form.cancel_url ?? '',
    created: Math.floor(Date.now() / 1000),
  };
}

/** An event about a Checkout Session, shaped as Stripe posts it to a webhook endpoint. */
export function checkoutSessionEvent(
  type: string,
  session: StandInSession,
  options: { id?: string; changes?: Partial<StandInSession> } = {},
): { id: string; object: 'event'; type: string; created: number; livemode: false; api_version: string; data: { object: StandInSession } } {
  const completed = type === 'checkout.session.completed' || type === 'checkout.session.async_payment_succeeded';
  const defaults: Partial<StandInSession> = type === 'checkout.session.expired' ? { status: 'expired' } : completed ? { status: 'complete', payment_status: 'paid' } : { status: 'complete' };
  return {
    id: options.id ?? `evt_test_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    api_version: '2025-01-27.acacia',
    data: { object: { ...session, ...defaults, ...options.changes } },
  };
}
