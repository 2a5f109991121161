import { type FormEvent, useId, useState } from 'react';
import { useApi } from '../../api/session.js';
import type { Balance, List, PortalLedgerEntry, PortalPlan, PortalSubscription } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { AmountField, TextField } from '../../components/Field.js';
import { Loadable } from '../../components/Loadable.js';
import { Money } from '../../components/Money.js';
import { ErrorNote } from '../../components/Notice.js';
import { Page, Section } from '../../components/Page.js';
import { Stat, StatGrid } from '../../components/Stat.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDateTime } from '../../lib/dates.js';
import { useAction, useGet } from '../../lib/useResource.js';
import { PlanChooser } from './PlanChooser.js';

/** Credit left, buying more, its history, and the plan: what the account pays and could pay. */
export function PortalBilling() {
  const { t } = useI18n();
  const balance = useGet<Balance>('/portal/v1/balance');
  const subscription = useGet<PortalSubscription | null>('/portal/v1/subscription');
  const plans = useGet<List<PortalPlan>>('/portal/v1/plans');
  const ledger = useGet<List<PortalLedgerEntry>>('/portal/v1/ledger', { limit: 50 });
  return (
    <Page title={t('portal.billingTitle')}>
      <Section title={t('wallet.title')}>
        <Loadable resource={balance} what={t('wallet.title')}>
          {(data) => (
            <>
              <StatGrid label={t('wallet.title')}>
                <Stat label={t('wallet.paid')} testId="portal-wallet">
                  <Money amount={data.wallet} currency={data.currency} signed />
                </Stat>
                <Stat label={t('wallet.promotional')}>
                  <Money amount={data.promotional} currency={data.currency} />
                </Stat>
                <Stat label={t('wallet.receivable')}>
                  <Money amount={data.receivable} currency={data.currency} />
                </Stat>
              </StatGrid>
              <div className="two-col">
                <TopUp currency={data.currency} />
                <Redeem onRedeemed={() => { balance.reload(); ledger.reload(); }} />
              </div>
            </>
          )}
        </Loadable>
      </Section>
      <Section title={t('portal.plan')}>
        <PlanChooser subscription={subscription} plans={plans} />
      </Section>
      <Section title={t('portal.history')}>
        <Loadable resource={ledger} what={t('portal.history')}>
          {(data) => <History entries={data.data} />}
        </Loadable>
      </Section>
    </Page>
  );
}

function TopUp({ currency }: { currency: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [amount, setAmount] = useState('');
  const heading = useId();
  const action = useAction(async () => {
    const { url } = await api.post<{ url: string }>('/portal/v1/top-ups', { amount: amount.trim() });
    window.location.assign(url);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={heading}>
      <h3 id={heading}>{t('portal.topUp')}</h3>
      <p className="hint">{t('portal.topUpHint')}</p>
      <AmountField label={t('wallet.amount', { currency })} value={amount} onChange={setAmount} required />
      {action.error ? <ErrorNote error={action.error} /> : null}
      <button type="submit" className="button" disabled={action.busy}>
        {t('portal.payByCard')}
      </button>
    </form>
  );
}

function Redeem({ onRedeemed }: { onRedeemed(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [code, setCode] = useState('');
  const heading = useId();
  const [done, setDone] = useState<{ amount: string; currency: string } | null>(null);
  const action = useAction(async () => {
    const answer = await api.post<{ amount: string; currency: string }>('/portal/v1/redeem', { code: code.trim() });
    setDone(answer);
    setCode('');
    onRedeemed();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={heading}>
      <h3 id={heading}>{t('portal.redeem')}</h3>
      <TextField label={t('portal.code')} value={code} onChange={setCode} required autoComplete="off" spellCheck={false} />
      {action.error ? <ErrorNote error={action.error} /> : null}
      <p role="status" className="small">
        {done ? (
          <>
            {t('portal.redeemed')} <Money amount={done.amount} currency={done.currency} />
          </>
        ) : null}
      </p>
      <button type="submit" className="button secondary" disabled={action.busy}>
        {t('portal.redeemButton')}
      </button>
    </form>
  );
}

function History({ entries }: { entries: PortalLedgerEntry[] }) {
  const { t, locale, word } = useI18n();
  return (
    <DataTable
      caption={t('portal.history')}
      empty={t('ledger.empty')}
      rows={entries}
      rowKey={(e) => e.id}
      columns={[
        { header: t('ledger.when'), cell: (e) => formatDateTime(e.createdAtMs, locale) },
        { header: t('ledger.kind'), rowHeader: true, cell: (e) => word('transferKind', e.kind) },
        { header: t('ledger.memo'), cell: (e) => e.memo ?? '—' },
        { header: t('wallet.paid'), align: 'end', cell: (e) => <Money amount={e.wallet} currency={e.currency} signed /> },
        { header: t('wallet.promotional'), align: 'end', cell: (e) => <Money amount={e.promotional} currency={e.currency} signed /> },
        { header: t('wallet.receivable'), align: 'end', cell: (e) => <Money amount={e.receivable} currency={e.currency} signed /> },
      ]}
    />
  );
}
