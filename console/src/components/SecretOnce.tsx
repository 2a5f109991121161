import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';

/** A secret the server shows this once: copy it now, it cannot be shown again. */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone(): void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // Without clipboard permission the text is still selectable by hand.
      setCopied('failed');
    }
  };
  return (
    <div className="secret" role="region" aria-label={label}>
      <p className="secret-title">
        <strong>{label}</strong> {t('secret.once')}
      </p>
      <code className="secret-value" data-testid="secret-value">
        {secret}
      </code>
      <div className="row">
        <button type="button" className="button" onClick={copy}>
          {t('action.copy')}
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          {t('action.done')}
        </button>
        <span role="status" className="muted small">
          {copied === 'yes' ? t('secret.copied') : copied === 'failed' ? t('secret.copyFailed') : ''}
        </span>
      </div>
    </div>
  );
}
