/** Cash runway: how many months the cash lasts at the current net burn. */

export interface RunwayInput {
  cash: number;
  /** Cash out minus cash in per month; ≤ 0 means the business is not burning cash. */
  monthlyNetBurn: number;
}

/** cash / monthlyNetBurn; null when not burning; 0 when the cash is already gone. */
export function runwayMonths({ cash, monthlyNetBurn }: RunwayInput): number | null {
  if (!Number.isFinite(cash) || !Number.isFinite(monthlyNetBurn)) throw new RangeError('cash and monthlyNetBurn must be finite numbers');
  if (monthlyNetBurn <= 0) return null;
  return Math.max(0, cash / monthlyNetBurn);
}
