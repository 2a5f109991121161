import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { type Currency, isCurrency } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import { gpuReport, type GpuUpstreamReport } from '../gpu/report.js';
import { labelOf, lastMonth } from './calendar.js';
import { planReport, type PlanReport } from './plans.js';
import { profitReport } from './report.js';
import { profitTotals, type ProfitTotals } from './totals.js';
import type { ProfitQuery, ProfitReport } from './types.js';
import { whatIf, type WhatIfQuery, type WhatIfReport } from './what-if.js';

type Range = { fromMs?: number; toMs?: number };

/**
 * The profit views with their defaults filled in: the last whole UTC month, and the currency
 * most customers pay in. Read-only.
 */
export class ProfitReports {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async profit(q: Omit<ProfitQuery, 'fromMs' | 'toMs' | 'currency'> & Range & { currency?: Currency }): Promise<ProfitReport> {
    return profitReport(this.db, { ...q, ...this.range(q), currency: q.currency ?? (await this.defaultCurrency()) });
  }

  async totals(q: Range & { currency?: Currency }): Promise<ProfitTotals> {
    return profitTotals(this.db, { ...this.range(q), currency: q.currency ?? (await this.defaultCurrency()) });
  }

  plans(month?: string): Promise<PlanReport> {
    return planReport(this.db, month ?? labelOf(lastMonth(this.clock.nowMs()).fromMs, 'month'));
  }

  async whatIf(q: Omit<WhatIfQuery, 'fromMs' | 'toMs' | 'currency'> & Range & { currency?: Currency }): Promise<WhatIfReport> {
    return whatIf(this.db, { ...q, ...this.range(q), currency: q.currency ?? (await this.defaultCurrency()) });
  }

  gpu(q: Range = {}): Promise<GpuUpstreamReport[]> {
    return gpuReport(this.db, this.range(q));
  }

  /** The range asked for, or the last whole UTC month. */
  range(q: Range): { fromMs: number; toMs: number } {
    const month = lastMonth(this.clock.nowMs());
    return { fromMs: q.fromMs ?? month.fromMs, toMs: q.toMs ?? month.toMs };
  }

  private async defaultCurrency(): Promise<Currency> {
    const row = await this.db
      .selectFrom('customers')
      .select((eb) => ['currency', eb.fn.countAll<bigint>().as('n')])
      .groupBy('currency')
      .orderBy('n', 'desc')
      .orderBy('currency')
      .executeTakeFirst();
    return row && isCurrency(row.currency) ? row.currency : 'USD';
  }
}
