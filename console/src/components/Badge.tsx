import { useI18n } from '../i18n/I18nProvider.js';

const tones: Record<string, string> = {
  active: 'good',
  enabled: 'good',
  succeeded: 'good',
  paid: 'good',
  completed: 'good',
  healthy: 'good',
  trialing: 'info',
  draft: 'info',
  pending: 'info',
  finalized: 'info',
  open: 'info',
  info: 'info',
  past_due: 'warn',
  warning: 'warn',
  cut_short: 'warn',
  disabled: 'muted',
  canceled: 'muted',
  void: 'muted',
  revoked: 'muted',
  archived: 'muted',
  resolved: 'muted',
  failed: 'bad',
  critical: 'bad',
  unhealthy: 'bad',
};

/** A status word with a colour; the word is always there, so colour is never the only signal. */
export function Badge({ status }: { status: string }) {
  const { word } = useI18n();
  return <span className={`badge tone-${tones[status] ?? 'muted'}`}>{word('status', status)}</span>;
}
