import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/I18nProvider.js';

export function ErrorNote({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{t('error.title')}</strong> {error.message}
      </p>
      {error.requestId ? <p className="muted small">{t('error.requestId', { id: error.requestId })}</p> : null}
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** An endpoint this server does not answer yet: say so plainly instead of showing an error. */
export function Unavailable({ what }: { what: string }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-info" role="status">
      <p>
        <strong>{t('unavailable.title')}</strong> {t('unavailable.body', { what })}
      </p>
    </div>
  );
}

export function NotFoundNote() {
  const { t } = useI18n();
  return (
    <div className="notice notice-info" role="status">
      <p>
        <strong>{t('notFound.title')}</strong> {t('notFound.body')}
      </p>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('state.loading')}
    </p>
  );
}
