import { useApi, usePrincipal } from '../../api/session.js';
import type { List, PortalPlan, PortalSubscription } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { Loadable } from '../../components/Loadable.js';
import { Money } from '../../components/Money.js';
import { ErrorNote } from '../../components/Notice.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDate } from '../../lib/dates.js';
import { formatCount, signOf } from '../../lib/money.js';
import { type Resource, useAction } from '../../lib/useResource.js';

/** The account's plan and the plans on offer; owners subscribe or switch (with proration), members only look. */
export function PlanChooser({ subscription, plans }: { subscription: Resource<PortalSubscription | null>; plans: Resource<List<PortalPlan>> }) {
  const { t, locale, word } = useI18n();
  const api = useApi();
  const principal = usePrincipal();
  const owner = principal.role === 'owner';
  const current = subscription.status === 'ready' ? subscription.data : null;
  const choose = useAction(async (code: string) => {
    if (current) await api.post('/portal/v1/subscription/change', { plan: code });
    else await api.post('/portal/v1/subscription', { plan: code });
    subscription.reload();
  });
  return (
    <>
      <Loadable resource={subscription} what={t('portal.plan')}>
        {(data) =>
          data ? (
            <p className="facts">
              <strong>{data.plan.name}</strong> <Badge status={data.status} />
              <span>{t('portal.periodEnds', { date: formatDate(data.periodEndMs, locale) })}</span>
              {data.cancelAtPeriodEnd ? <span>{t('subscription.endsAtPeriodEnd')}</span> : null}
            </p>
          ) : (
            <p>{t('portal.noPlan')}</p>
          )
        }
      </Loadable>
      {choose.error ? <ErrorNote error={choose.error} /> : null}
      <Loadable resource={plans} what={t('portal.plan')}>
        {(data) => (
          <ul className="plan-cards">
            {data.data.map((plan) => (
              <li key={plan.id} className={`card plan-card${current?.plan.id === plan.id ? ' current' : ''}`}>
                <h3>{plan.name}</h3>
                {plan.description ? <p>{plan.description}</p> : null}
                <p className="plan-fee">
                  <Money amount={plan.fee} currency={plan.currency} /> / {t(plan.interval === 'year' ? 'plans.year' : 'plans.month')}
                </p>
                <ul className="plan-facts">
                  {signOf(plan.included) > 0 ? <li>{t('portal.includedValue')} <Money amount={plan.included} currency={plan.currency} /></li> : null}
                  {signOf(plan.includedTokens) > 0 ? <li>{t('portal.includedTokens', { tokens: formatCount(plan.includedTokens, locale) })}</li> : null}
                  <li>{t('portal.overage', { policy: word('overage', plan.overage) })}</li>
                  {plan.trialDays > 0 ? <li>{t('portal.trial', { days: plan.trialDays })}</li> : null}
                </ul>
                {current?.plan.id === plan.id ? (
                  <p className="small">
                    <strong>{t('portal.currentPlan')}</strong>
                  </p>
                ) : owner ? (
                  <button type="button" className="button" disabled={choose.busy} onClick={() => void choose.run(plan.code)}>
                    {current ? t('portal.switchPlan') : t('subscription.subscribe')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Loadable>
      {owner ? null : <p className="hint">{t('portal.plansOwnersOnly')}</p>}
    </>
  );
}
