import { type FormEvent, useState } from 'react';
import { useApi, useOperatorRights } from '../../api/session.js';
import type { Customer } from '../../api/types.js';
import { Link, navigate } from '../../app/router.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { SelectField, TextField } from '../../components/Field.js';
import { FormActions } from '../../components/FormActions.js';
import { Loadable } from '../../components/Loadable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { Page, Section } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDate } from '../../lib/dates.js';
import { usePaged } from '../../lib/usePaged.js';
import { useAction } from '../../lib/useResource.js';
import { CurrencyField } from './CurrencyField.js';

export function Customers() {
  const { t, locale } = useI18n();
  const rights = useOperatorRights();
  const [creating, setCreating] = useState(false);
  const list = usePaged<Customer>('/admin/v1/customers', { limit: 100 }, { param: 'after', of: (c) => c.id });
  return (
    <Page
      title={t('customers.title')}
      actions={
        rights.write && !creating ? (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            {t('customers.new')}
          </button>
        ) : null
      }
    >
      {creating ? <NewCustomer onCancel={() => setCreating(false)} /> : null}
      <Section title={t('customers.list')}>
        <Loadable resource={list.first} what={t('customers.title')}>
          {() => (
            <>
              <DataTable
                caption={t('customers.list')}
                empty={t('customers.empty')}
                rows={list.items}
                rowKey={(c) => c.id}
                columns={[
                  { header: t('customers.name'), rowHeader: true, cell: (c) => <Link to={`/customers/${c.id}`}>{c.name}</Link> },
                  { header: t('customers.ref'), cell: (c) => c.ref ?? '—' },
                  { header: t('customers.email'), cell: (c) => c.email ?? '—' },
                  { header: t('customers.billingMode'), cell: (c) => t(c.billingMode === 'prepaid' ? 'customers.prepaid' : 'customers.postpaid') },
                  { header: t('customers.currency'), cell: (c) => c.currency },
                  { header: t('customers.status'), cell: (c) => <Badge status={c.status} /> },
                  { header: t('customers.created'), cell: (c) => formatDate(c.createdAtMs, locale) },
                ]}
              />
              <LoadMore paged={list} />
            </>
          )}
        </Loadable>
      </Section>
    </Page>
  );
}

function NewCustomer({ onCancel }: { onCancel(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const [name, setName] = useState('');
  const [ref, setRef] = useState('');
  const [email, setEmail] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [billingMode, setBillingMode] = useState<'prepaid' | 'postpaid'>('prepaid');
  const [locale, setLocale] = useState<'en' | 'zh-CN'>('en');
  const create = useAction(async () => {
    const body = { name: name.trim(), ref: ref.trim() || undefined, email: email.trim() || undefined, currency, billingMode, locale };
    const customer = await api.post<Customer>('/admin/v1/customers', body);
    navigate(`/customers/${customer.id}`);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <Section title={t('customers.new')}>
      <form className="form-grid" onSubmit={submit}>
        <TextField label={t('customers.name')} value={name} onChange={setName} required autoComplete="organization" />
        <TextField label={t('customers.ref')} value={ref} onChange={setRef} hint={t('customers.refHint')} autoComplete="off" />
        <TextField label={t('customers.email')} type="email" value={email} onChange={setEmail} autoComplete="email" />
        <CurrencyField value={currency} onChange={setCurrency} />
        <SelectField
          label={t('customers.billingMode')}
          value={billingMode}
          onChange={(v) => setBillingMode(v as 'prepaid' | 'postpaid')}
          hint={t('customers.billingModeHint')}
          options={[
            { value: 'prepaid', label: t('customers.prepaid') },
            { value: 'postpaid', label: t('customers.postpaid') },
          ]}
        />
        <SelectField
          label={t('customers.invoiceLanguage')}
          value={locale}
          onChange={(v) => setLocale(v as 'en' | 'zh-CN')}
          options={[
            { value: 'en', label: 'English' },
            { value: 'zh-CN', label: '简体中文' },
          ]}
        />
        <FormActions action={create} submitLabel={t('customers.create')} onCancel={onCancel} />
      </form>
    </Section>
  );
}
