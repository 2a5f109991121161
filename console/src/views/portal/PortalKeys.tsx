import { useApi, usePrincipal } from '../../api/session.js';
import type { ApiKey, IssuedKey, List } from '../../api/types.js';
import { KeyTable } from '../../components/KeyTable.js';
import { Loadable } from '../../components/Loadable.js';
import { NewKeyForm } from '../../components/NewKeyForm.js';
import { Page, Section } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useGet } from '../../lib/useResource.js';

/** The account's API keys: create one (its secret shown once) and, for owners, revoke. */
export function PortalKeys() {
  const { t } = useI18n();
  const api = useApi();
  const principal = usePrincipal();
  const keys = useGet<List<ApiKey>>('/portal/v1/keys', { limit: 1000 });
  const owner = principal.role === 'owner';
  return (
    <Page title={t('portal.keysTitle')}>
      <p className="lead">{t('portal.keysLead', { base: `${window.location.origin}/v1` })}</p>
      <Section title={t('keys.create')}>
        <NewKeyForm issue={(name) => api.post<IssuedKey>('/portal/v1/keys', { name })} onIssued={keys.reload} />
      </Section>
      <Section title={t('keys.list')}>
        <Loadable resource={keys} what={t('portal.keysTitle')}>
          {(data) => (
            <KeyTable
              keys={data.data}
              onRevoke={
                owner
                  ? async (key) => {
                      await api.post(`/portal/v1/keys/${key.id}/revoke`);
                      keys.reload();
                    }
                  : undefined
              }
            />
          )}
        </Loadable>
        {owner ? null : <p className="hint">{t('portal.revokeOwnersOnly')}</p>}
      </Section>
    </Page>
  );
}
