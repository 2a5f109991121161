import { useApi, useOperatorRights } from '../../api/session.js';
import type { ApiKey, Customer, IssuedKey, List } from '../../api/types.js';
import { KeyTable } from '../../components/KeyTable.js';
import { Loadable } from '../../components/Loadable.js';
import { NewKeyForm } from '../../components/NewKeyForm.js';
import { Section } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useGet } from '../../lib/useResource.js';

export function CustomerKeys({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const api = useApi();
  const rights = useOperatorRights();
  const keys = useGet<List<ApiKey>>(`/admin/v1/customers/${customer.id}/keys`, { limit: 1000 });
  return (
    <Section title={t('keys.title')} id="keys">
      {rights.write ? <NewKeyForm issue={(name) => api.post<IssuedKey>(`/admin/v1/customers/${customer.id}/keys`, { name })} onIssued={keys.reload} /> : null}
      <Loadable resource={keys} what={t('keys.title')}>
        {(data) => (
          <KeyTable
            keys={data.data}
            onRevoke={
              rights.write
                ? async (key) => {
                    await api.post(`/admin/v1/keys/${key.id}/revoke`);
                    keys.reload();
                  }
                : undefined
            }
          />
        )}
      </Loadable>
    </Section>
  );
}
