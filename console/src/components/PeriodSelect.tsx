import { useMemo, useState } from 'react';
import { lastDays } from '../lib/dates.js';
import { navigate, useLocation } from '../app/router.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { SelectField } from './Field.js';

export const periodChoices = [7, 30, 90, 365] as const;

/** The number of days a report covers, kept in the address so a link shows the same period. */
export function usePeriodDays(fallback = 30): number {
  const { query } = useLocation();
  const days = Number(query.get('days'));
  return (periodChoices as readonly number[]).includes(days) ? days : fallback;
}

export function PeriodSelect({ days }: { days: number }) {
  const { t } = useI18n();
  const { path, query } = useLocation();
  return (
    <SelectField
      label={t('period.label')}
      value={String(days)}
      onChange={(value) => navigate(path, { ...Object.fromEntries(query), days: value }, { replace: true })}
      options={periodChoices.map((choice) => ({ value: String(choice), label: t('period.lastDays', { days: choice }) }))}
    />
  );
}

/** The period's bounds, fixed until the days change or `refresh` is called, so the request (and its cache key) stays put. */
export function usePeriod(days: number): { fromMs: number; toMs: number; refresh(): void } {
  const [nowMs, setNowMs] = useState(() => Date.now());
  const range = useMemo(() => lastDays(days, nowMs), [days, nowMs]);
  return { ...range, refresh: () => setNowMs(Date.now()) };
}
