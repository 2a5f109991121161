/** A whole number near `mean` (Poisson-like spread), never negative. */
export function around(mean: number, random: () => number): number {
  const spread = Math.sqrt(Math.max(mean, 0));
  return Math.max(0, Math.round(mean + (random() * 2 - 1) * spread));
}
