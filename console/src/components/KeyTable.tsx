import { useState } from 'react';
import type { ApiKey } from '../api/types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatDate } from '../lib/dates.js';
import { Badge } from './Badge.js';
import { DataTable } from './DataTable.js';

/** API keys by name and prefix (the secret itself is never stored), with a two-step revoke. */
export function KeyTable({ keys, onRevoke }: { keys: ApiKey[]; onRevoke?: (key: ApiKey) => Promise<unknown> }) {
  const { t, locale } = useI18n();
  return (
    <DataTable
      caption={t('keys.list')}
      empty={t('keys.empty')}
      rows={keys}
      rowKey={(k) => k.id}
      columns={[
        { header: t('keys.name'), rowHeader: true, cell: (k) => k.name },
        { header: t('keys.prefix'), cell: (k) => <code className="id">{k.prefix}…</code> },
        { header: t('keys.status'), cell: (k) => <Badge status={k.status} /> },
        { header: t('keys.created'), cell: (k) => formatDate(k.createdAtMs, locale) },
        { header: t('keys.expires'), cell: (k) => (k.expiresAtMs ? formatDate(k.expiresAtMs, locale) : t('keys.never')) },
        ...(onRevoke ? [{ header: t('keys.actions'), cell: (k: ApiKey) => (k.status === 'revoked' ? null : <RevokeButton apiKey={k} onRevoke={onRevoke} />) }] : []),
      ]}
    />
  );
}

function RevokeButton({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke(key: ApiKey): Promise<unknown> }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="button small danger-outline" onClick={() => setConfirming(true)} aria-label={t('keys.revokeNamed', { name: apiKey.name })}>
        {t('keys.revoke')}
      </button>
    );
  }
  return (
    <span className="row">
      <button
        type="button"
        className="button small danger"
        disabled={busy}
        autoFocus
        onClick={async () => {
          setBusy(true);
          try {
            await onRevoke(apiKey);
          } finally {
            setBusy(false);
            setConfirming(false);
          }
        }}
      >
        {t('keys.confirmRevoke')}
      </button>
      <button type="button" className="button small secondary" onClick={() => setConfirming(false)}>
        {t('action.cancel')}
      </button>
    </span>
  );
}
