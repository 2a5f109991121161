import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Currency } from '../../core/money.js';
import type { LedgerWriter } from '../../ledger/writer.js';
import type { Notifier } from '../../notifications/balance-low.js';
import type { Database } from '../../storage/schema.js';
import { AlertService } from '../alerts/service.js';
import { DAY_MS, monthOf } from '../finance/calendar.js';
import { FinanceService } from '../finance/service.js';
import { FinanceStore } from '../finance/store.js';
import type { BreakEvenScenario } from '../forecast/break-even.js';
import { breakEvenReport } from '../forecast/reports/break-even-report.js';
import { creditRunways } from '../forecast/reports/credit-report.js';
import type { SeriesKind } from '../forecast/reports/daily.js';
import { seriesForecastReport } from '../forecast/reports/series-report.js';
import { saasReport } from '../saas/report.js';
import { overview } from './overview.js';

export interface AnalyticsDeps {
  db: Kysely<Database>;
  clock: Clock;
  ledgerWriter: LedgerWriter;
  notifier: Notifier;
}

const OVERVIEW_DEFAULT_DAYS = 30;

/** The profitability and finance reports, the finance inputs behind them, and the alerts. */
export class Analytics {
  readonly finance: FinanceService;
  readonly alerts: AlertService;

  constructor(private readonly deps: AnalyticsDeps) {
    this.finance = new FinanceService(new FinanceStore(deps.db), deps.ledgerWriter, deps.clock);
    this.alerts = new AlertService(deps.db, this.finance, deps.notifier, deps.clock);
  }

  async saas(q: { month?: string; currency?: Currency } = {}) {
    const settings = await this.finance.settings();
    const nowMs = this.deps.clock.nowMs();
    return saasReport(this.deps.db, settings, { month: q.month ?? monthOf(nowMs), currency: q.currency ?? settings.currency, nowMs });
  }

  async forecast(q: { series: SeriesKind; horizonDays?: number; historyDays?: number; currency?: Currency }) {
    const currency = q.currency ?? (await this.finance.settings()).currency;
    return seriesForecastReport(this.deps.db, { series: q.series, currency, nowMs: this.deps.clock.nowMs(), horizonDays: q.horizonDays ?? 30, historyDays: q.historyDays ?? 90 });
  }

  async breakEven(q: { scenario: BreakEvenScenario; horizonMonths?: number; historyMonths?: number; currency?: Currency }) {
    const currency = q.currency ?? (await this.finance.settings()).currency;
    const expenses = await this.finance.expenses.list();
    return breakEvenReport(this.deps.db, expenses, { currency, nowMs: this.deps.clock.nowMs(), scenario: q.scenario, horizonMonths: q.horizonMonths ?? 24, historyMonths: q.historyMonths ?? 12 });
  }

  creditRunway() {
    return creditRunways(this.deps.db, this.deps.clock.nowMs());
  }

  async overview(q: { fromMs?: number; toMs?: number; currency?: Currency } = {}) {
    const currency = q.currency ?? (await this.finance.settings()).currency;
    const nowMs = this.deps.clock.nowMs();
    const toMs = q.toMs ?? nowMs + 1;
    const fromMs = q.fromMs ?? toMs - OVERVIEW_DEFAULT_DAYS * DAY_MS;
    const cash = await this.finance.cash({ currency, asOfMs: toMs - 1 });
    return overview(this.deps.db, { currency, fromMs, toMs, cash, openAlerts: await this.alerts.list({ open: true }) });
  }
}
