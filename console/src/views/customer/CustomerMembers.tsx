import { type FormEvent, useState } from 'react';
import { useApi, useOperatorRights } from '../../api/session.js';
import type { Customer, List, Member } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { SelectField, TextField } from '../../components/Field.js';
import { FormActions } from '../../components/FormActions.js';
import { Loadable } from '../../components/Loadable.js';
import { Section } from '../../components/Page.js';
import { SecretOnce } from '../../components/SecretOnce.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDateTime } from '../../lib/dates.js';
import { useAction, useGet } from '../../lib/useResource.js';

/** The customer's people who sign in to the portal. A password left empty is made up by the server and shown once. */
export function CustomerMembers({ customer }: { customer: Customer }) {
  const { t, locale, word } = useI18n();
  const rights = useOperatorRights();
  const members = useGet<List<Member>>(`/admin/v1/customers/${customer.id}/members`);
  return (
    <Section title={t('members.title')} id="members">
      {rights.write ? <NewMember customer={customer} onCreated={members.reload} /> : null}
      <Loadable resource={members} what={t('members.title')}>
        {(data) => (
          <DataTable
            caption={t('members.title')}
            empty={t('members.empty')}
            rows={data.data}
            rowKey={(m) => m.id}
            columns={[
              { header: t('members.name'), rowHeader: true, cell: (m) => m.name },
              { header: t('members.email'), cell: (m) => m.email },
              { header: t('members.role'), cell: (m) => word('role', m.role) },
              { header: t('members.status'), cell: (m) => <Badge status={m.status} /> },
              { header: t('members.lastSignIn'), cell: (m) => formatDateTime(m.lastLoginAtMs ?? null, locale) },
            ]}
          />
        )}
      </Loadable>
    </Section>
  );
}

function NewMember({ customer, onCreated }: { customer: Customer; onCreated(): void }) {
  const { t, word } = useI18n();
  const api = useApi();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('member');
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const action = useAction(async () => {
    const answer = await api.post<Member & { password: string | null }>(`/admin/v1/customers/${customer.id}/members`, {
      email: email.trim(),
      name: name.trim(),
      role,
      password: password || undefined,
    });
    setShown(answer.password ?? null);
    setEmail('');
    setName('');
    setPassword('');
    onCreated();
  });
  if (shown) return <SecretOnce label={t('members.generatedPassword')} secret={shown} onDone={() => setShown(null)} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };
  return (
    <form className="form-grid" onSubmit={submit} aria-label={t('members.add')}>
      <TextField label={t('members.email')} type="email" value={email} onChange={setEmail} required autoComplete="off" />
      <TextField label={t('members.name')} value={name} onChange={setName} required autoComplete="off" />
      <SelectField label={t('members.role')} value={role} onChange={setRole} options={['owner', 'member'].map((r) => ({ value: r, label: word('role', r) }))} />
      <TextField label={t('members.password')} type="password" value={password} onChange={setPassword} autoComplete="new-password" hint={t('members.passwordHint')} />
      <FormActions action={action} submitLabel={t('members.add')} />
    </form>
  );
}
