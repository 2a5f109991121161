import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/session.js';
import type { Customer } from '../../api/types.js';
import { AmountField, SelectField } from '../../components/Field.js';
import { ErrorNote } from '../../components/Notice.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useAction } from '../../lib/useResource.js';

type BillingMode = Customer['billingMode'];

/**
 * How a customer may spend: prepaid with an overdraft, or postpaid up to a credit limit, and the
 * credit below which a charge sends `balance.low`. An empty limit or threshold means none.
 */
export function CustomerCreditTerms({ customer, onSaved }: { customer: Customer; onSaved(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [billingMode, setBillingMode] = useState<BillingMode>(customer.billingMode);
  const [overdraft, setOverdraft] = useState(customer.overdraft);
  const [creditLimit, setCreditLimit] = useState(customer.creditLimit ?? '');
  const [lowBalance, setLowBalance] = useState(customer.lowBalance ?? '');
  const [saved, setSaved] = useState(false);
  const action = useAction(async () => {
    setSaved(false);
    const terms =
      billingMode === 'prepaid' ? { billingMode, overdraft: overdraft.trim() || '0' } : { billingMode, creditLimit: creditLimit.trim() || null };
    await api.patch(`/admin/v1/customers/${customer.id}`, { ...terms, lowBalance: lowBalance.trim() || null });
    setSaved(true);
    onSaved();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };
  const headingId = `${customer.id}-terms`;
  const currency = customer.currency;
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={headingId}>
      <h3 id={headingId}>{t('terms.title')}</h3>
      <SelectField
        label={t('customers.billingMode')}
        value={billingMode}
        onChange={(v) => setBillingMode(v as BillingMode)}
        hint={t('customers.billingModeHint')}
        options={[
          { value: 'prepaid', label: t('customers.prepaid') },
          { value: 'postpaid', label: t('customers.postpaid') },
        ]}
      />
      {billingMode === 'prepaid' ? (
        <AmountField label={t('terms.overdraft', { currency })} value={overdraft} onChange={setOverdraft} hint={t('terms.overdraftHint')} />
      ) : (
        <AmountField label={t('terms.creditLimit', { currency })} value={creditLimit} onChange={setCreditLimit} hint={t('terms.creditLimitHint')} />
      )}
      <AmountField label={t('terms.lowBalance', { currency })} value={lowBalance} onChange={setLowBalance} hint={t('terms.lowBalanceHint')} />
      {action.error ? <ErrorNote error={action.error} /> : null}
      <p role="status" className="small">
        {saved ? t('terms.saved') : ''}
      </p>
      <button type="submit" className="button" disabled={action.busy}>
        {t('terms.save')}
      </button>
    </form>
  );
}
