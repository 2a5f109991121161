import { SelectField } from '../../components/Field.js';
import { useI18n } from '../../i18n/I18nProvider.js';

/** The currencies the admin API accepts for customers, plans and prices. */
const currencies = ['USD', 'EUR', 'GBP', 'CNY', 'HKD', 'SGD', 'JPY', 'KRW', 'INR', 'CAD', 'AUD', 'CHF'] as const;
const options = currencies.map((c) => ({ value: c, label: c }));

/** The currency of a new customer, plan, price, expense or budget. */
export function CurrencyField({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t } = useI18n();
  return <SelectField label={t('customers.currency')} value={value} onChange={onChange} options={options} />;
}
