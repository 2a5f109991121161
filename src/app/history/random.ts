/** A small seeded generator (mulberry32): the same history every time it is generated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A whole number near `mean` (Poisson-like spread), never negative. */
export function around(mean: number, random: () => number): number {
  const spread = Math.sqrt(Math.max(mean, 0));
  return Math.max(0, Math.round(mean + (random() * 2 - 1) * spread));
}
