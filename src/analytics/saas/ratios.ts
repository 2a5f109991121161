/**
 * The ratios of the SaaS report, computed exactly on integers and rounded once at the end.
 * Formulas and a worked example: docs/metrics.md.
 */

/** n / d as a percentage with 2 decimals (half away from zero); null when d is 0. */
export function percent(n: bigint, d: bigint): number | null {
  return ratio(n * 100n, d);
}

/** n / d with 2 decimals (half away from zero); null when d is 0. */
export function ratio(n: bigint, d: bigint): number | null {
  if (d === 0n) return null;
  const negative = n < 0n !== d < 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  const hundredths = (a * 200n + b) / (2n * b);
  const value = Number(hundredths) / 100;
  return negative && value !== 0 ? -value : value;
}

export interface UnitEconomicsInput {
  arpaNanos: bigint | null;
  revenueNanos: bigint;
  directCostNanos: bigint;
  startMrrNanos: bigint;
  /** Churn + contraction of the month: recurring revenue lost from existing customers. */
  lostMrrNanos: bigint;
  cacNanos: bigint | null;
}

export interface UnitEconomics {
  /** ARPA × gross margin / monthly revenue churn; null when a part is missing or churn is 0. */
  ltvNanos: bigint | null;
  /** CAC / (ARPA × gross margin); null without a CAC or without a positive margin per account. */
  cacPaybackMonths: number | null;
}

/**
 * With gross margin = (R − C) / R and revenue churn = L / S:
 *   LTV = ARPA × (R − C) / R ÷ (L / S) = ARPA × (R − C) × S / (R × L)   (rounded down to the nano)
 *   CAC payback = CAC ÷ (ARPA × (R − C) / R) = CAC × R / (ARPA × (R − C))
 */
export function unitEconomics(i: UnitEconomicsInput): UnitEconomics {
  const margin = i.revenueNanos - i.directCostNanos;
  const ltvDenominator = i.revenueNanos * i.lostMrrNanos;
  const ltvNanos = i.arpaNanos === null || ltvDenominator === 0n || i.startMrrNanos === 0n ? null : floorDiv(i.arpaNanos * margin * i.startMrrNanos, ltvDenominator);
  const paybackDenominator = i.arpaNanos === null ? 0n : i.arpaNanos * margin;
  const cacPaybackMonths = i.cacNanos === null || i.revenueNanos === 0n || paybackDenominator <= 0n ? null : ratio(i.cacNanos * i.revenueNanos, paybackDenominator);
  return { ltvNanos, cacPaybackMonths };
}

function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
}
