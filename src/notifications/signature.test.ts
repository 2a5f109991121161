import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JITTER_RATIO, MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelayMs } from './backoff.js';
import { balanceLowEventId, crossedBelow } from './balance-low.js';
import { webhookEventTypes } from './events.js';
import { generateEndpointSecret, signatureHeader, verifyTollgateSignature } from './signature.js';

const secret = 'whsec_test-secret';
const body = '{"id":"evt_1","type":"payment.succeeded","createdAtMs":1,"data":{"amount":"12.5"}}';
const t = 1_900_000_000;

describe('webhook signatures', () => {
  it('are the hex HMAC-SHA256 of "<t>.<body>" with the whole secret, as the README tells receivers', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(body, secret, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('verify for the body and secret they were made with, given as a string or as bytes', () => {
    const header = signatureHeader(body, secret, t);
    expect(verifyTollgateSignature(body, header, secret, 300, t)).toBe(true);
    expect(verifyTollgateSignature(Buffer.from(body), header, secret, 300, t + 299)).toBe(true);
  });

  it('fail for a tampered body, another secret, or a tampered timestamp', () => {
    const header = signatureHeader(body, secret, t);
    expect(verifyTollgateSignature(body.replace('12.5', '99.5'), header, secret, 300, t)).toBe(false);
    expect(verifyTollgateSignature(`${body} `, header, secret, 300, t)).toBe(false);
    expect(verifyTollgateSignature(body, header, 'whsec_other', 300, t)).toBe(false);
    expect(verifyTollgateSignature(body, header.replace(`t=${t}`, `t=${t + 1}`), secret, 300, t)).toBe(false);
  });

  it('fail outside the tolerance, so a captured request cannot be replayed later', () => {
    const header = signatureHeader(body, secret, t);
    expect(verifyTollgateSignature(body, header, secret, 300, t + 301)).toBe(false);
    expect(verifyTollgateSignature(body, header, secret, 300, t - 301)).toBe(false);
  });

  it('accept any one matching v1 among several, and refuse malformed headers', () => {
    const good = signatureHeader(body, secret, t).split(',')[1]!;
    expect(verifyTollgateSignature(body, `t=${t},v1=${'0'.repeat(64)},${good}`, secret, 300, t)).toBe(true);
    for (const header of [undefined, null, '', `t=${t}`, good, `t=abc,${good}`, `t=${t},v1=xyz`, `t=${t},v0=${good.slice(3)}`]) {
      expect(verifyTollgateSignature(body, header, secret, 300, t)).toBe(false);
    }
  });

  it('use secrets of 256 random bits behind whsec_', () => {
    const a = generateEndpointSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateEndpointSecret()).not.toBe(a);
  });
});

describe('the retry schedule', () => {
  it('waits 10 s, 30 s, 2 min, 10 min, 1 h and 6 h, and gives up at the 7th failure', () => {
    expect(RETRY_DELAYS_MS).toEqual([10_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000]);
    expect(MAX_ATTEMPTS).toBe(7);
    expect(RETRY_DELAYS_MS.map((_, i) => retryDelayMs(i + 1, () => 0))).toEqual(RETRY_DELAYS_MS);
    expect(retryDelayMs(MAX_ATTEMPTS, () => 0)).toBeNull();
    expect(retryDelayMs(MAX_ATTEMPTS + 1, () => 0)).toBeNull();
  });

  it('stretches each wait by at most the jitter ratio, never shortens it', () => {
    expect(retryDelayMs(1, () => 0.999999)).toBe(Math.floor(10_000 * (1 + JITTER_RATIO * 0.999999)));
    expect(retryDelayMs(6, () => 0.5)).toBe(21_600_000 * (1 + JITTER_RATIO / 2));
  });
});

describe('balance.low crossings', () => {
  it('count only the movement that goes from at-or-above the threshold to below it', () => {
    expect(crossedBelow(10n, 4n, 5n)).toBe(true);
    expect(crossedBelow(5n, 4n, 5n)).toBe(true);
    expect(crossedBelow(6n, 5n, 5n)).toBe(false);
    expect(crossedBelow(4n, 3n, 5n)).toBe(false);
    expect(crossedBelow(4n, 6n, 5n)).toBe(false);
    expect(crossedBelow(1n, -1n, 0n)).toBe(true);
  });

  it('name the same crossing the same way, and another crossing another way', () => {
    expect(balanceLowEventId('cus_1', 10n, 4n, 5n)).toBe(balanceLowEventId('cus_1', 10n, 4n, 5n));
    expect(balanceLowEventId('cus_1', 10n, 4n, 5n)).not.toBe(balanceLowEventId('cus_1', 9n, 4n, 5n));
    expect(balanceLowEventId('cus_1', 10n, 4n, 5n)).not.toBe(balanceLowEventId('cus_2', 10n, 4n, 5n));
  });
});

describe('webhook event types', () => {
  it('are the rows of the table in README.md, in order', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...webhookEventTypes]);
  });
});
