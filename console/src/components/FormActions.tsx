import type { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ErrorNote } from './Notice.js';

/**
 * The end of a form: the action's error, if any, then its submit button (off while the action
 * runs or while `blocked`) and, given `onCancel`, a cancel button.
 */
export function FormActions({ action, submitLabel, blocked = false, onCancel }: { action: { busy: boolean; error: ApiError | null }; submitLabel: string; blocked?: boolean; onCancel?(): void }) {
  const { t } = useI18n();
  return (
    <>
      {action.error ? <ErrorNote error={action.error} /> : null}
      <div className="row form-actions">
        <button type="submit" className="button" disabled={action.busy || blocked}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button secondary" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        ) : null}
      </div>
    </>
  );
}
