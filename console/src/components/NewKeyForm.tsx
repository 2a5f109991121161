import { type FormEvent, useState } from 'react';
import type { IssuedKey } from '../api/types.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { useAction } from '../lib/useResource.js';
import { TextField } from './Field.js';
import { ErrorNote } from './Notice.js';
import { SecretOnce } from './SecretOnce.js';

/** Names and issues a key, then shows its secret this one time. */
export function NewKeyForm({ issue, onIssued }: { issue(name: string): Promise<IssuedKey>; onIssued(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const action = useAction(async () => {
    const key = await issue(name.trim());
    setIssued(key);
    setName('');
    onIssued();
  });
  if (issued) return <SecretOnce label={t('keys.newSecret', { name: issued.name })} secret={issued.secret} onDone={() => setIssued(null)} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <TextField label={t('keys.newName')} value={name} onChange={setName} required autoComplete="off" />
      <button type="submit" className="button" disabled={action.busy}>
        {t('keys.issue')}
      </button>
      {action.error ? <ErrorNote error={action.error} /> : null}
    </form>
  );
}
