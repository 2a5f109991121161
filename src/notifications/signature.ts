import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'tollgate-signature';
export const EVENT_ID_HEADER = 'tollgate-event-id';
export const EVENT_TYPE_HEADER = 'tollgate-event-type';
export const DELIVERY_ID_HEADER = 'tollgate-delivery-id';

const SECRET_PREFIX = 'whsec_';
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** A new endpoint secret: 256 random bits behind a recognisable prefix. */
export function generateEndpointSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Hex HMAC-SHA256 of "<t>.<raw body>", keyed with the whole secret string (prefix included). */
export function computeSignature(rawBody: string | Buffer, secret: string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** The `tollgate-signature` header value: `t=<unix seconds>,v1=<hex>`. */
export function signatureHeader(rawBody: string | Buffer, secret: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${computeSignature(rawBody, secret, timestampSeconds)}`;
}

/**
 * What a receiver runs on every request, over the body bytes exactly as received (before any JSON
 * parsing). True only when one `v1` signature matches and `t` is within `toleranceSeconds` of now,
 * which stops an old captured request from being replayed later.
 */
export function verifyTollgateSignature(
  rawBody: string | Buffer,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const parsed = header ? parseHeader(header) : null;
  if (!parsed || Math.abs(nowSeconds - parsed.timestampSeconds) > toleranceSeconds) return false;
  const expected = Buffer.from(computeSignature(rawBody, secret, parsed.timestampSeconds), 'hex');
  // Every candidate is compared, so timing does not reveal which one (if any) matched.
  return parsed.signatures.reduce((ok, candidate) => timingSafeEqual(expected, Buffer.from(candidate, 'hex')) || ok, false);
}

function parseHeader(header: string): { timestampSeconds: number; signatures: string[] } | null {
  let timestampSeconds: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestampSeconds = Number(value);
    if (key === 'v1' && HEX_SHA256.test(value)) signatures.push(value);
  }
  return timestampSeconds === null || signatures.length === 0 ? null : { timestampSeconds, signatures };
}
