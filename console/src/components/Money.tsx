import { useI18n } from '../i18n/I18nProvider.js';
import { formatDecimal, formatMoney, formatPercent, signOf } from '../lib/money.js';

/** An amount from the API, exact; losses in the loss colour. Without a currency the plain decimal is shown. */
export function Money({ amount, currency, signed = false }: { amount: string | null | undefined; currency: string | null | undefined; signed?: boolean }) {
  const { locale } = useI18n();
  if (amount === null || amount === undefined) return <span className="muted">—</span>;
  const text = currency ? formatMoney(amount, currency, locale) : formatDecimal(amount, locale);
  const sign = signed ? signOf(amount) : 0;
  return <span className={`money${sign < 0 ? ' loss' : ''}`}>{text}</span>;
}

export function Percent({ points }: { points: string | number | null | undefined }) {
  const { locale } = useI18n();
  const negative = typeof points === 'number' ? points < 0 : typeof points === 'string' && signOf(points) < 0;
  return <span className={negative ? 'loss' : undefined}>{formatPercent(points, locale)}</span>;
}
