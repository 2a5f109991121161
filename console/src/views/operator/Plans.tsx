import { useState } from 'react';
import { useApi, useOperatorRights } from '../../api/session.js';
import type { Coupon, List, Plan, Price } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { Loadable } from '../../components/Loadable.js';
import { MonthField } from '../../components/MonthField.js';
import { Money } from '../../components/Money.js';
import { Page, Section } from '../../components/Page.js';
import { ReportView } from '../../components/ReportView.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDate, monthKey } from '../../lib/dates.js';
import { formatCount, perMillion, ratePer, shiftDecimal } from '../../lib/money.js';
import { useGet } from '../../lib/useResource.js';
import { NewPlanForm } from './NewPlanForm.js';
import { NewPriceForm } from './NewPriceForm.js';

/** What customers pay: plans (recurring fee and allowance), per-model prices, coupons, and how each plan does. */
export function Plans() {
  const { t } = useI18n();
  const rights = useOperatorRights();
  const api = useApi();
  const plans = useGet<List<Plan>>('/admin/v1/plans');
  const prices = useGet<List<Price>>('/admin/v1/prices');
  const coupons = useGet<List<Coupon>>('/admin/v1/coupons');
  const [month, setMonth] = useState(() => monthKey(Date.now()));
  const planReport = useGet<unknown>('/admin/v1/reports/plans', { month });
  return (
    <Page title={t('plans.title')}>
      <Section title={t('plans.list')} id="plans">
        {rights.write ? <NewPlanForm onCreated={plans.reload} /> : null}
        <Loadable resource={plans} what={t('plans.list')}>
          {(data) => (
            <PlanTable
              plans={data.data}
              onArchive={
                rights.write
                  ? async (plan) => {
                      await api.post(`/admin/v1/plans/${plan.id}/archive`);
                      plans.reload();
                    }
                  : undefined
              }
            />
          )}
        </Loadable>
      </Section>
      <Section title={t('plans.profitability')} id="plan-report" actions={<MonthField label={t('period.month')} value={month} onChange={setMonth} />}>
        <Loadable resource={planReport} what={t('plans.profitability')}>
          {(data) => <ReportView data={data as never} caption={t('plans.profitability')} />}
        </Loadable>
      </Section>
      <Section title={t('prices.title')} id="prices">
        {rights.write ? <NewPriceForm onCreated={prices.reload} /> : null}
        <Loadable resource={prices} what={t('prices.title')}>
          {(data) => <PriceTable prices={data.data} />}
        </Loadable>
      </Section>
      <Section title={t('coupons.title')} id="coupons">
        <Loadable resource={coupons} what={t('coupons.title')}>
          {(data) => <CouponTable coupons={data.data} />}
        </Loadable>
      </Section>
    </Page>
  );
}

function PlanTable({ plans, onArchive }: { plans: Plan[]; onArchive?: (plan: Plan) => Promise<void> }) {
  const { t, locale, word } = useI18n();
  return (
    <DataTable
      caption={t('plans.list')}
      empty={t('plans.empty')}
      rows={plans}
      rowKey={(p) => p.id}
      columns={[
        { header: t('plans.name'), rowHeader: true, cell: (p) => <>{p.name} <code className="id">{p.code}</code></> },
        { header: t('plans.fee'), align: 'end', cell: (p) => <><Money amount={p.current.fee} currency={p.current.currency} /> / {t(p.current.interval === 'year' ? 'plans.year' : 'plans.month')}</> },
        { header: t('plans.included'), align: 'end', cell: (p) => (p.current.included ? <Money amount={p.current.included} currency={p.current.currency} /> : '—') },
        { header: t('plans.includedTokens'), align: 'end', cell: (p) => (p.current.includedTokens ? formatCount(p.current.includedTokens, locale) : '—') },
        { header: t('plans.overage'), cell: (p) => word('overage', p.current.overage) },
        { header: t('plans.trialDays'), align: 'end', cell: (p) => formatCount(p.current.trialDays, locale) },
        { header: t('plans.version'), align: 'end', cell: (p) => `v${p.current.version}` },
        { header: t('plans.status'), cell: (p) => <Badge status={p.status} /> },
        ...(onArchive
          ? [{ header: t('keys.actions'), cell: (p: Plan) => (p.status === 'archived' ? null : <button type="button" className="button small secondary" onClick={() => void onArchive(p)} aria-label={t('plans.archiveNamed', { name: p.name })}>{t('plans.archive')}</button>) }]
          : []),
      ]}
    />
  );
}

function rate(price: Price, name: string): string | null {
  const r = price.rates[name];
  return r ? perMillion(r.amountNanos, r.perUnits) : null;
}

function PriceTable({ prices }: { prices: Price[] }) {
  const { t, locale } = useI18n();
  return (
    <DataTable
      caption={t('prices.title')}
      empty={t('prices.empty')}
      rows={prices}
      rowKey={(p) => p.id}
      columns={[
        { header: t('prices.model'), rowHeader: true, cell: (p) => p.model },
        { header: t('prices.input'), align: 'end', cell: (p) => <Money amount={rate(p, 'input_tokens')} currency={p.currency} /> },
        { header: t('prices.cachedInput'), align: 'end', cell: (p) => <Money amount={rate(p, 'cached_input_tokens')} currency={p.currency} /> },
        { header: t('prices.output'), align: 'end', cell: (p) => <Money amount={rate(p, 'output_tokens')} currency={p.currency} /> },
        { header: t('prices.perRequest'), align: 'end', cell: (p) => <Money amount={p.rates.requests ? ratePer(p.rates.requests.amountNanos, p.rates.requests.perUnits, 1n) : null} currency={p.currency} /> },
        { header: t('prices.from'), cell: (p) => formatDate(p.effectiveFromMs, locale) },
      ]}
    />
  );
}

function CouponTable({ coupons }: { coupons: Coupon[] }) {
  const { t, locale, word } = useI18n();
  return (
    <DataTable
      caption={t('coupons.title')}
      empty={t('coupons.empty')}
      rows={coupons}
      rowKey={(c) => c.id}
      columns={[
        { header: t('coupons.code'), rowHeader: true, cell: (c) => <code>{c.code}</code> },
        { header: t('coupons.discount'), align: 'end', cell: (c) => (c.percentBps !== null ? `${formatCount(shiftDecimal(String(c.percentBps), 2), locale)}%` : <Money amount={c.amount} currency={c.currency} />) },
        { header: t('coupons.duration'), cell: (c) => word('duration', c.duration) },
        { header: t('coupons.redeemed'), align: 'end', cell: (c) => formatCount(c.timesRedeemed, locale) },
      ]}
    />
  );
}
