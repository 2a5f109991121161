import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Notifier } from '../../notifications/balance-low.js';
import type { Database } from '../../storage/schema.js';
import type { FinanceService } from '../finance/service.js';
import { creditRunways } from '../forecast/reports/credit-report.js';
import { evaluateRules } from './rules.js';
import { AlertStore } from './store.js';
import type { Alert, AlertCondition } from './types.js';

export interface EvaluationReport {
  open: number;
  raised: Alert[];
  resolved: string[];
}

/** The same kind and subject is always the same alert: reopening it keeps its id. */
export function alertId(kind: string, subject: string): string {
  return `alert_${createHash('sha256').update(`${kind}\u0000${subject}`).digest('hex').slice(0, 24)}`;
}

/** The webhook event of one opening: a reopened alert is a new event. */
export function alertEventId(alert: Pick<Alert, 'id' | 'firstSeenMs'>): string {
  return `${alert.id}:${alert.firstSeenMs}`;
}

/**
 * Evaluates every rule and brings the alerts table in line: a condition that holds opens its
 * alert (and sends `alert.raised` once, when it opens) or refreshes it; an open alert whose
 * condition no longer holds is resolved. Safe to run on several replicas: the event id makes the
 * webhook go out once per opening.
 */
export class AlertService {
  readonly store: AlertStore;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly finance: FinanceService,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {
    this.store = new AlertStore(db);
  }

  list(filter: { open?: boolean; limit?: number } = {}): Promise<Alert[]> {
    return this.store.list({ open: filter.open, limit: filter.limit ?? 500 });
  }

  async evaluate(): Promise<EvaluationReport> {
    const nowMs = this.clock.nowMs();
    const settings = await this.finance.settings();
    const conditions = await evaluateRules({ db: this.db, nowMs, settings, cash: await this.finance.cash(), credit: await creditRunways(this.db, nowMs) });
    const holding = new Set<string>();
    const raised: Alert[] = [];
    for (const condition of conditions) {
      const id = alertId(condition.kind, condition.subject);
      holding.add(id);
      const opened = await this.upsert(id, condition, nowMs);
      if (opened) raised.push(opened);
    }
    const resolved: string[] = [];
    for (const alert of await this.store.list({ open: true, limit: 100_000 })) {
      if (holding.has(alert.id)) continue;
      await this.store.resolve(alert.id, nowMs);
      resolved.push(alert.id);
    }
    return { open: holding.size, raised, resolved };
  }

  /** Returns the alert when this call opened it. */
  private async upsert(id: string, condition: AlertCondition, nowMs: number): Promise<Alert | null> {
    const existing = await this.store.get(id);
    if (existing && existing.resolvedAtMs === null) {
      await this.store.touch({ id, severity: condition.severity, message: condition.message, details: condition.details, lastSeenMs: nowMs });
      return null;
    }
    const alert: Alert = { ...condition, id, firstSeenMs: nowMs, lastSeenMs: nowMs, resolvedAtMs: null };
    await this.store.open(alert);
    await this.notifier.emit('alert.raised', viewAlertEvent(alert), { eventId: alertEventId(alert) });
    return alert;
  }
}

function viewAlertEvent(alert: Alert): Record<string, unknown> {
  return { alertId: alert.id, kind: alert.kind, subject: alert.subject, severity: alert.severity, message: alert.message, details: alert.details, firstSeenMs: alert.firstSeenMs };
}
