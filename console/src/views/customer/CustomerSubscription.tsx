import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { useApi, useOperatorRights } from '../../api/session.js';
import type { Customer, List, Plan, Subscription } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { SelectField } from '../../components/Field.js';
import { Loadable } from '../../components/Loadable.js';
import { Money } from '../../components/Money.js';
import { ErrorNote } from '../../components/Notice.js';
import { Section } from '../../components/Page.js';
import { Stat, StatGrid } from '../../components/Stat.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDate } from '../../lib/dates.js';
import { formatMoney } from '../../lib/money.js';
import { useAction, useGet, useResource } from '../../lib/useResource.js';

/** The live subscription (the API answers 404 when there is none), and subscribe, change or cancel. */
export function CustomerSubscription({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const api = useApi();
  const rights = useOperatorRights();
  const path = `/admin/v1/customers/${customer.id}/subscription`;
  const subscription = useResource<Subscription | null>(path, (client) =>
    client.get<Subscription>(path).catch((error: unknown) => {
      if (error instanceof ApiError && error.notFound && !error.routeMissing) return null;
      throw error;
    }),
  );
  const plans = useGet<List<Plan>>('/admin/v1/plans');
  const planList = plans.status === 'ready' ? plans.data.data : [];
  const cancel = useAction(async (id: string) => {
    await api.post(`/admin/v1/subscriptions/${id}/cancel`, { atPeriodEnd: true });
    subscription.reload();
  });
  return (
    <Section title={t('subscription.title')} id="subscription">
      <Loadable resource={subscription} what={t('subscription.title')}>
        {(current) => (
          <>
            {current ? <SubscriptionFacts subscription={current} plan={planList.find((p) => p.id === current.planId)} /> : <p>{t('subscription.none')}</p>}
            {rights.finance ? (
              <PlanPicker
                plans={planList.filter((p) => p.status !== 'archived' && p.id !== current?.planId)}
                label={current ? t('subscription.changeTo') : t('subscription.subscribeTo')}
                submitLabel={current ? t('subscription.change') : t('subscription.subscribe')}
                onPick={async (plan) => {
                  if (current) await api.post(`/admin/v1/subscriptions/${current.id}/change`, { plan });
                  else await api.post(path, { plan });
                  subscription.reload();
                }}
              />
            ) : null}
            {rights.finance && current && !current.cancelAtPeriodEnd && current.status !== 'canceled' ? (
              <button type="button" className="button danger-outline" disabled={cancel.busy} onClick={() => void cancel.run(current.id)}>
                {t('subscription.cancelAtEnd')}
              </button>
            ) : null}
            {cancel.error ? <ErrorNote error={cancel.error} /> : null}
          </>
        )}
      </Loadable>
    </Section>
  );
}

function SubscriptionFacts({ subscription, plan }: { subscription: Subscription; plan: Plan | undefined }) {
  const { t, locale } = useI18n();
  return (
    <StatGrid label={t('subscription.title')}>
      <Stat label={t('subscription.plan')}>{plan ? plan.name : subscription.planId}</Stat>
      <Stat label={t('subscription.status')}>
        <Badge status={subscription.status} />
        {subscription.cancelAtPeriodEnd ? <span className="small"> {t('subscription.endsAtPeriodEnd')}</span> : null}
      </Stat>
      <Stat label={t('subscription.period')}>
        {formatDate(subscription.periodStartMs, locale)} – {formatDate(subscription.periodEndMs, locale)}
      </Stat>
      {plan ? (
        <Stat label={t('plans.fee')}>
          <Money amount={plan.current.fee} currency={plan.current.currency} /> / {t(plan.current.interval === 'year' ? 'plans.year' : 'plans.month')}
        </Stat>
      ) : null}
      {subscription.trialEndMs ? <Stat label={t('subscription.trialEnds')}>{formatDate(subscription.trialEndMs, locale)}</Stat> : null}
    </StatGrid>
  );
}

export function PlanPicker({ plans, label, submitLabel, onPick }: { plans: Plan[]; label: string; submitLabel: string; onPick(plan: string): Promise<void> }) {
  const { t, locale } = useI18n();
  const [plan, setPlan] = useState('');
  const action = useAction(async () => {
    await onPick(plan);
    setPlan('');
  });
  if (plans.length === 0) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (plan) void action.run();
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <SelectField
        label={label}
        value={plan}
        onChange={setPlan}
        required
        options={[{ value: '', label: t('subscription.choosePlan') }, ...plans.map((p) => ({ value: p.code, label: `${p.name} (${formatMoney(p.current.fee, p.current.currency, locale)})` }))]}
      />
      <button type="submit" className="button" disabled={action.busy || !plan}>
        {submitLabel}
      </button>
      {action.error ? <ErrorNote error={action.error} /> : null}
    </form>
  );
}
