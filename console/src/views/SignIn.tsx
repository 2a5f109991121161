import { type FormEvent, useEffect, useState } from 'react';
import { LanguageSelect } from '../app/LanguageSelect.js';
import { navigate } from '../app/router.js';
import { useSession } from '../api/session.js';
import { TextField } from '../components/Field.js';
import { ErrorNote } from '../components/Notice.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { useAction } from '../lib/useResource.js';

type Mode = 'member' | 'operator';

/** One page for both: operators paste their token, customers' members use email and password. */
export function SignIn({ expired }: { expired: boolean }) {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [mode, setMode] = useState<Mode>('operator');
  useEffect(() => {
    document.title = `${t('signIn.title')} · Tollgate`;
  }, [t]);
  const [token, setToken] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    const principal = await signIn(mode === 'operator' ? { kind: 'operator', token: token.trim() } : { kind: 'member', email: email.trim(), password });
    // Keep a deep link the person opened before signing in; otherwise go to their home.
    const here = window.location.hash.replace(/^#/, '');
    const wanted = here && here !== '/' && here !== '/sign-in' ? here : null;
    const home = principal.kind === 'operator' ? '/overview' : '/portal/keys';
    if (!wanted || (principal.kind === 'member') !== wanted.startsWith('/portal')) navigate(home, {}, { replace: true });
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };

  return (
    <div className="signin">
      <div className="signin-card">
        <div className="signin-head">
          <p className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>{' '}
            Tollgate
          </p>
          <LanguageSelect />
        </div>
        <h1>{t('signIn.title')}</h1>
        {expired ? (
          <p className="notice notice-info" role="status">
            {t('signIn.expired')}
          </p>
        ) : null}
        <div className="segmented" role="group" aria-label={t('signIn.who')}>
          <button type="button" aria-pressed={mode === 'operator'} onClick={() => setMode('operator')}>
            {t('signIn.operator')}
          </button>
          <button type="button" aria-pressed={mode === 'member'} onClick={() => setMode('member')}>
            {t('signIn.member')}
          </button>
        </div>
        <form onSubmit={submit} className="stack">
          {mode === 'operator' ? (
            <TextField label={t('signIn.token')} type="password" value={token} onChange={setToken} required autoComplete="off" spellCheck={false} hint={t('signIn.tokenHint')} />
          ) : (
            <>
              <TextField label={t('signIn.email')} type="email" value={email} onChange={setEmail} required autoComplete="username" />
              <TextField label={t('signIn.password')} type="password" value={password} onChange={setPassword} required autoComplete="current-password" />
            </>
          )}
          {action.error ? <ErrorNote error={action.error} /> : null}
          <button type="submit" className="button" disabled={action.busy}>
            {action.busy ? t('state.working') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </div>
  );
}
