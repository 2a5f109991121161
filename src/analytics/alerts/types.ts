export const alertKinds = [
  'negative_margin_customer',
  'negative_margin_plan',
  'negative_margin_model',
  'subscriber_cost_over_fee',
  'gpu_below_break_even',
  'runway_below_threshold',
  'credit_running_out',
] as const;
export type AlertKind = (typeof alertKinds)[number];

export type AlertSeverity = 'warning' | 'critical';

/** A condition a rule found true now; the engine turns it into an open alert. */
export interface AlertCondition {
  kind: AlertKind;
  /** What it is about: a customer, plan, model, subscription or upstream id, or a currency. */
  subject: string;
  severity: AlertSeverity;
  message: string;
  details: Record<string, unknown>;
}

/** One row of the alerts table: open while its condition holds, resolved when it stops. */
export interface Alert extends AlertCondition {
  id: string;
  firstSeenMs: number;
  lastSeenMs: number;
  resolvedAtMs: number | null;
}
