import { seededRandom } from '../../core/random.js';

/**
 * Deterministic text for the simulated model: the same request always gets the same answer, so
 * a streamed reply can be compared with a non-streamed one and tests can rely on exact counts.
 */
const WORDS = (
  'the of and to in is that it for as with was on be by at this are from or an have not but ' +
  'what all were when we there can more if will one about up so out them some would time could ' +
  'model token price margin cost revenue customer upstream gateway ledger credit invoice plan ' +
  'request stream answer data system number value result test simple clear fast small large ' +
  'first last next other each many most new good great high low long short open close start ' +
  'end before after under over between through during without within across around simulated'
).split(' ');

/** FNV-1a over a string: a stable 32-bit seed. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Between 12 and 60 words, first one capitalised, ending with a full stop; as pieces to stream. */
export function simulatedPieces(seed: number): string[] {
  const random = seededRandom(seed);
  const count = 12 + Math.floor(random() * 49);
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    pieces.push(i === 0 ? 'Simulated ' + word : ' ' + word);
  }
  pieces.push('.');
  return pieces;
}
