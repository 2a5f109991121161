import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../keys/secret.js';

/**
 * Codes look like `TG-7KQ2-M9XD-4RTW`: 12 symbols from a 32-letter alphabet without 0/O and
 * 1/I (misread when typed from print), so 60 random bits. 32 divides 256, so masking a random
 * byte to 5 bits picks each symbol uniformly.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const SYMBOLS = 12;
const GROUP = 4;
const PREFIX = 'TG';
export const CODE_RANDOM_BITS = SYMBOLS * Math.log2(CODE_ALPHABET.length);

/** `count` distinct codes, from one draw of random bytes (a draw per code is slow at 100 000). */
export function generateCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const bytes = randomBytes((count - codes.size) * SYMBOLS);
    for (let at = 0; at < bytes.length; at += SYMBOLS) codes.add(canonical(symbolsOf(bytes, at)));
  }
  return [...codes];
}

function symbolsOf(bytes: Buffer, start: number): string {
  let symbols = '';
  for (let i = start; i < start + SYMBOLS; i++) symbols += CODE_ALPHABET[bytes[i]! & 31];
  return symbols;
}

/**
 * The canonical form of what a person typed, or null if it cannot be a code: case, spaces and
 * dashes do not matter, and the `TG` prefix may be left out.
 */
export function normalizeCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const symbols = compact.length === PREFIX.length + SYMBOLS && compact.startsWith(PREFIX) ? compact.slice(PREFIX.length) : compact;
  if (symbols.length !== SYMBOLS || ![...symbols].every((c) => CODE_ALPHABET.includes(c))) return null;
  return canonical(symbols);
}

/** What is stored and looked up: SHA-256 of the canonical form. */
export function hashCode(canonicalCode: string): string {
  return hashSecret(canonicalCode);
}

/** What may be shown of a code after it was issued ("TG-7KQ2"). */
export function codePrefix(canonicalCode: string): string {
  return canonicalCode.slice(0, PREFIX.length + 1 + GROUP);
}

function canonical(symbols: string): string {
  const groups = Array.from({ length: SYMBOLS / GROUP }, (_, i) => symbols.slice(i * GROUP, (i + 1) * GROUP));
  return [PREFIX, ...groups].join('-');
}
