import { type FormEvent, type ReactNode, useState } from 'react';
import { useApi, useOperatorRights } from '../../api/session.js';
import type { Balance, Customer } from '../../api/types.js';
import { AmountField, SelectField, TextField } from '../../components/Field.js';
import { Loadable } from '../../components/Loadable.js';
import { Money } from '../../components/Money.js';
import { ErrorNote } from '../../components/Notice.js';
import { Section } from '../../components/Page.js';
import { Stat, StatGrid } from '../../components/Stat.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useAction, useGet } from '../../lib/useResource.js';
import { CustomerCreditTerms } from './CustomerCreditTerms.js';

/** The wallet: paid credit, free credit, what is owed; finance roles record money received, grant credit and set the credit terms. */
export function CustomerWallet({ customer, onCustomerChanged }: { customer: Customer; onCustomerChanged(): void }) {
  const { t } = useI18n();
  const rights = useOperatorRights();
  const balance = useGet<Balance>(`/admin/v1/customers/${customer.id}/balance`);
  return (
    <Section title={t('wallet.title')} id="wallet">
      <Loadable resource={balance} what={t('wallet.title')}>
        {(data) => (
          <StatGrid label={t('wallet.title')}>
            <Stat label={t('wallet.paid')} testId="wallet-paid">
              <Money amount={data.wallet} currency={data.currency} signed />
            </Stat>
            <Stat label={t('wallet.promotional')} testId="wallet-promotional">
              <Money amount={data.promotional} currency={data.currency} />
            </Stat>
            <Stat label={t('wallet.receivable')} testId="wallet-receivable">
              <Money amount={data.receivable} currency={data.currency} />
            </Stat>
          </StatGrid>
        )}
      </Loadable>
      {rights.finance ? (
        <div className="two-col">
          <TopUpForm customer={customer} onDone={balance.reload} />
          <GrantForm customer={customer} onDone={balance.reload} />
          <CustomerCreditTerms customer={customer} onSaved={onCustomerChanged} />
        </div>
      ) : null}
    </Section>
  );
}

function TopUpForm({ customer, onDone }: { customer: Customer; onDone(): void }) {
  const { t } = useI18n();
  return (
    <CreditForm customer={customer} onDone={onDone} endpoint="top-ups" anchor="top-up" title={t('wallet.topUp')} hint={t('wallet.topUpHint')} doneText={t('wallet.recorded')} submitLabel={t('wallet.recordTopUp')} />
  );
}

const reasons = ['trial', 'promotion', 'refund', 'goodwill'] as const;

function GrantForm({ customer, onDone }: { customer: Customer; onDone(): void }) {
  const { t, word } = useI18n();
  const [reason, setReason] = useState<string>('promotion');
  return (
    <CreditForm customer={customer} onDone={onDone} endpoint="grants" anchor="grant" title={t('wallet.grant')} hint={t('wallet.grantHint')} doneText={t('wallet.granted')} submitLabel={t('wallet.grantCredit')} extra={{ reason }}>
      <SelectField label={t('wallet.reason')} value={reason} onChange={setReason} options={reasons.map((r) => ({ value: r, label: word('reason', r) }))} />
    </CreditForm>
  );
}

/** An amount and a memo posted to the customer's `endpoint`; `children` are the fields between them, `extra` their values. */
function CreditForm(props: {
  customer: Customer;
  onDone(): void;
  endpoint: 'top-ups' | 'grants';
  anchor: string;
  title: string;
  hint: string;
  doneText: string;
  submitLabel: string;
  extra?: Record<string, string>;
  children?: ReactNode;
}) {
  const { customer, onDone, endpoint, extra } = props;
  const { t } = useI18n();
  const api = useApi();
  const [amount, setAmount] = useState('');
  const [memo, setMemo] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction(async () => {
    setDone(false);
    await api.post(`/admin/v1/customers/${customer.id}/${endpoint}`, { amount: amount.trim(), ...extra, memo: memo.trim() || undefined });
    setAmount('');
    setMemo('');
    setDone(true);
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };
  const headingId = `${customer.id}-${props.anchor}`;
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={headingId}>
      <h3 id={headingId}>{props.title}</h3>
      <p className="hint">{props.hint}</p>
      <AmountField label={t('wallet.amount', { currency: customer.currency })} value={amount} onChange={setAmount} required />
      {props.children}
      <TextField label={t('wallet.memo')} value={memo} onChange={setMemo} autoComplete="off" />
      {action.error ? <ErrorNote error={action.error} /> : null}
      <p role="status" className="small">
        {done ? props.doneText : ''}
      </p>
      <button type="submit" className="button" disabled={action.busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}
