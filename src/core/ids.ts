import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function encodeBase32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * A prefixed id whose characters after the prefix sort by creation time (48-bit milliseconds,
 * then 80 random bits), so ids make good primary keys and listings paginate by id.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  const random = BigInt('0x' + randomBytes(10).toString('hex'));
  return `${prefix}_${encodeBase32(BigInt(nowMs), 10)}${encodeBase32(random, 16)}`;
}
