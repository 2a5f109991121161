import { useI18n } from '../i18n/I18nProvider.js';
import { formatDateTime } from '../lib/dates.js';
import { Badge } from './Badge.js';
import { Empty } from './Notice.js';

export interface AlertItem {
  id: string;
  severity: string;
  message: string;
  firstSeenMs: number;
  resolvedAtMs?: number | null;
}

/** Alerts as sentences with their severity, newest first as the server sends them. */
export function AlertList({ alerts }: { alerts: AlertItem[] }) {
  const { t, locale } = useI18n();
  if (alerts.length === 0) return <Empty>{t('overview.noAlerts')}</Empty>;
  return (
    <ul className="alerts">
      {alerts.map((alert) => (
        <li key={alert.id}>
          <Badge status={alert.resolvedAtMs ? 'resolved' : alert.severity} /> <span>{alert.message}</span>{' '}
          <span className="muted small">
            {t('overview.since', { when: formatDateTime(alert.firstSeenMs, locale) })}
            {alert.resolvedAtMs ? ` · ${t('alerts.resolved', { when: formatDateTime(alert.resolvedAtMs, locale) })}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
