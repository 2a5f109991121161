import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/session.js';
import type { List, Model } from '../../api/types.js';
import { AmountField, SelectField } from '../../components/Field.js';
import { FormActions } from '../../components/FormActions.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useAction, useGet } from '../../lib/useResource.js';
import { CurrencyField } from './CurrencyField.js';

/** A new price version for a model, effective now; older versions stay for the requests they priced. */
export function NewPriceForm({ onCreated }: { onCreated(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const models = useGet<List<Model>>('/admin/v1/models');
  const [open, setOpen] = useState(false);
  const [model, setModel] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [input, setInput] = useState('');
  const [cachedInput, setCachedInput] = useState('');
  const [output, setOutput] = useState('');
  const create = useAction(async () => {
    await api.post('/admin/v1/prices', {
      model,
      currency,
      perMillionTokens: { input: input.trim(), cachedInput: cachedInput.trim() || undefined, output: output.trim() },
    });
    setOpen(false);
    onCreated();
  });
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('prices.new')}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  const modelOptions = models.status === 'ready' ? models.data.data.map((m) => ({ value: m.name, label: m.name })) : [];
  return (
    <form className="form-grid card" onSubmit={submit} aria-label={t('prices.new')}>
      <SelectField label={t('prices.model')} value={model} onChange={setModel} required options={[{ value: '', label: t('prices.chooseModel') }, ...modelOptions]} />
      <CurrencyField value={currency} onChange={setCurrency} />
      <AmountField label={t('prices.input')} value={input} onChange={setInput} required />
      <AmountField label={t('prices.cachedInput')} value={cachedInput} onChange={setCachedInput} />
      <AmountField label={t('prices.output')} value={output} onChange={setOutput} required />
      <FormActions action={create} submitLabel={t('prices.create')} blocked={!model} onCancel={() => setOpen(false)} />
    </form>
  );
}
