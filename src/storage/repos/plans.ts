import type { Kysely, Selectable } from 'kysely';
import type { Coupon, CouponStore } from '../../billing/coupons.js';
import type { Plan, PlanStore, PlanVersion } from '../../billing/plans.js';
import type { Interval } from '../../billing/periods.js';
import type { Currency } from '../../core/money.js';
import { limitsFromJson, limitsToJson } from '../../limits/settings.js';
import type { CouponsTable, Database, PlanVersionsTable } from '../schema.js';
import { bumpCatalogVersion, num, numOrNull, parseJson } from './rows.js';
import { toBigInt } from '../../core/money.js';

function toVersion(row: Selectable<PlanVersionsTable>): PlanVersion {
  return {
    id: row.id,
    planId: row.planId,
    version: num(row.version),
    currency: row.currency as Currency,
    interval: row.interval as Interval,
    feeNanos: toBigInt(row.feeNanos),
    includedNanos: toBigInt(row.includedNanos),
    includedTokens: toBigInt(row.includedTokens),
    overage: row.overage as PlanVersion['overage'],
    limits: limitsFromJson(row.limits),
    allowedModels: parseJson<string[] | null>(row.allowedModels, null),
    trialDays: num(row.trialDays),
    discounts: parseJson(row.discounts, {}),
    createdAtMs: num(row.createdAtMs),
  };
}

function versionRow(v: PlanVersion) {
  return { ...v, limits: limitsToJson(v.limits), allowedModels: v.allowedModels ? JSON.stringify(v.allowedModels) : null, discounts: JSON.stringify(v.discounts) };
}

function toCoupon(row: Selectable<CouponsTable>): Coupon {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind as Coupon['kind'],
    percentBps: num(row.percentBps),
    amountNanos: toBigInt(row.amountNanos),
    currency: row.currency as Currency | null,
    duration: row.duration as Coupon['duration'],
    durationPeriods: num(row.durationPeriods),
    planCodes: parseJson<string[] | null>(row.planCodes, null),
    expiresAtMs: numOrNull(row.expiresAtMs),
    maxRedemptions: numOrNull(row.maxRedemptions),
    timesRedeemed: num(row.timesRedeemed),
    createdAtMs: num(row.createdAtMs),
  };
}

/** Plans (with their immutable versions) and coupons. Plans shape the request path, so writes bump the catalog. */
export class KyselyPlanStore implements PlanStore, CouponStore {
  constructor(protected readonly db: Kysely<Database>) {}

  async insertPlan(plan: Omit<Plan, 'current'>, version: PlanVersion): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('plans').values(plan).execute();
      await tx.insertInto('planVersions').values(versionRow(version)).execute();
      await bumpCatalogVersion(tx);
    });
  }

  async insertPlanVersion(version: PlanVersion): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('planVersions').values(versionRow(version)).execute();
      await tx.updateTable('plans').set({ updatedAtMs: version.createdAtMs }).where('id', '=', version.planId).execute();
      await bumpCatalogVersion(tx);
    });
  }

  async getPlan(idOrCode: string): Promise<Plan | null> {
    const row = await this.db.selectFrom('plans').selectAll().where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)])).executeTakeFirst();
    if (!row) return null;
    const versions = await this.listPlanVersions(row.id);
    return { id: row.id, code: row.code, name: row.name, description: row.description, status: row.status as Plan['status'], current: versions.at(-1)!, createdAtMs: num(row.createdAtMs), updatedAtMs: num(row.updatedAtMs) };
  }

  async getPlanVersion(id: string): Promise<PlanVersion | null> {
    const row = await this.db.selectFrom('planVersions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  async listPlans(): Promise<Plan[]> {
    const rows = await this.db.selectFrom('plans').select('id').orderBy('code').execute();
    return Promise.all(rows.map(async (r) => (await this.getPlan(r.id))!));
  }

  async listPlanVersions(planId: string): Promise<PlanVersion[]> {
    return (await this.db.selectFrom('planVersions').selectAll().where('planId', '=', planId).orderBy('version').execute()).map(toVersion);
  }

  async setPlanStatus(id: string, status: Plan['status'], nowMs: number): Promise<void> {
    await this.db.updateTable('plans').set({ status, updatedAtMs: nowMs }).where('id', '=', id).execute();
  }

  async insertCoupon(coupon: Coupon): Promise<void> {
    await this.db.insertInto('coupons').values({ ...coupon, planCodes: coupon.planCodes ? JSON.stringify(coupon.planCodes) : null }).execute();
  }

  async getCoupon(idOrCode: string): Promise<Coupon | null> {
    const row = await this.db.selectFrom('coupons').selectAll().where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode)])).executeTakeFirst();
    return row ? toCoupon(row) : null;
  }

  async listCoupons(): Promise<Coupon[]> {
    return (await this.db.selectFrom('coupons').selectAll().orderBy('code').execute()).map(toCoupon);
  }
}
