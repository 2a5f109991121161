import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/session.js';
import { AmountField, SelectField, TextField } from '../../components/Field.js';
import { FormActions } from '../../components/FormActions.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useAction } from '../../lib/useResource.js';
import { CurrencyField } from './CurrencyField.js';

export function NewPlanForm({ onCreated }: { onCreated(): void }) {
  const { t, word } = useI18n();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [interval, setBillingInterval] = useState('month');
  const [fee, setFee] = useState('');
  const [included, setIncluded] = useState('');
  const [includedTokens, setIncludedTokens] = useState('');
  const [overage, setOverage] = useState('credit');
  const [trialDays, setTrialDays] = useState('0');
  const create = useAction(async () => {
    await api.post('/admin/v1/plans', {
      code: code.trim(),
      name: name.trim(),
      currency,
      interval,
      fee: fee.trim(),
      included: included.trim() || undefined,
      includedTokens: includedTokens.trim() ? Number(includedTokens) : undefined,
      overage,
      trialDays: Number(trialDays) || 0,
    });
    setOpen(false);
    setCode('');
    setName('');
    setFee('');
    onCreated();
  });
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('plans.new')}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <form className="form-grid card" onSubmit={submit} aria-label={t('plans.new')}>
      <TextField label={t('plans.code')} value={code} onChange={setCode} required pattern="[a-z0-9][a-z0-9_-]*" hint={t('plans.codeHint')} autoComplete="off" />
      <TextField label={t('plans.name')} value={name} onChange={setName} required autoComplete="off" />
      <CurrencyField value={currency} onChange={setCurrency} />
      <SelectField
        label={t('plans.interval')}
        value={interval}
        onChange={setBillingInterval}
        options={[
          { value: 'month', label: t('plans.month') },
          { value: 'year', label: t('plans.year') },
        ]}
      />
      <AmountField label={t('plans.fee')} value={fee} onChange={setFee} required />
      <AmountField label={t('plans.included')} value={included} onChange={setIncluded} hint={t('plans.includedHint')} />
      <TextField label={t('plans.includedTokens')} value={includedTokens} onChange={setIncludedTokens} inputMode="numeric" pattern="[0-9]*" autoComplete="off" />
      <SelectField label={t('plans.overage')} value={overage} onChange={setOverage} options={['credit', 'arrears', 'block'].map((o) => ({ value: o, label: word('overage', o) }))} />
      <TextField label={t('plans.trialDays')} value={trialDays} onChange={setTrialDays} inputMode="numeric" pattern="[0-9]*" autoComplete="off" />
      <FormActions action={create} submitLabel={t('plans.create')} onCancel={() => setOpen(false)} />
    </form>
  );
}
