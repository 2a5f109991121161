import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case
const RANDOM_BYTES = 10;

/**
 * Random bytes are drawn from the system's CSPRNG a few kilobytes at a time: a request id is made
 * for every request, and one syscall per id would cost more than the rest of the id.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomBytes10(): Buffer {
  if (poolOffset + RANDOM_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + RANDOM_BYTES);
  poolOffset += RANDOM_BYTES;
  return bytes;
}

/** 48 bits of milliseconds as 10 base32 characters (the top two bits are always zero). */
function encodeTime(ms: number): string {
  let out = '';
  for (let i = 9; i >= 0; i--) out += ALPHABET[Math.floor(ms / 2 ** (5 * i)) % 32];
  return out;
}

/** 80 random bits as 16 base32 characters, five bits at a time. */
function encodeRandom(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A prefixed id whose characters after the prefix sort by creation time (48-bit milliseconds,
 * then 80 random bits), so ids make good primary keys and listings paginate by id.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  return `${prefix}_${encodeTime(nowMs)}${encodeRandom(randomBytes10())}`;
}
