import { type FormEvent, useState } from 'react';
import { useApi, useOperatorRights } from '../../api/session.js';
import type { List } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { AmountField, SelectField, TextField } from '../../components/Field.js';
import { FormActions } from '../../components/FormActions.js';
import { Loadable } from '../../components/Loadable.js';
import { MonthField } from '../../components/MonthField.js';
import { Money } from '../../components/Money.js';
import { ErrorNote } from '../../components/Notice.js';
import { Page, Section } from '../../components/Page.js';
import { Percent } from '../../components/Money.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatIsoDate, isoDay, monthKey } from '../../lib/dates.js';
import { useAction, useGet } from '../../lib/useResource.js';
import { CurrencyField } from './CurrencyField.js';

export interface Expense {
  id: string;
  category: string;
  description: string;
  currency: string;
  amount: string;
  recurrence: string;
  /** YYYY-MM-DD: the day it is paid (a monthly expense: the first month). */
  date: string;
  endDate: string | null;
}

interface BudgetLine {
  category: string;
  budget: string | null;
  actual: string;
  remaining: string | null;
  usedPct: number | null;
}

interface BudgetReport {
  month: string;
  currency: string;
  lines: BudgetLine[];
}

export const expenseCategories = ['salaries', 'rent', 'marketing', 'gpus', 'other'] as const;
const recurrences = ['one_off', 'monthly'] as const;

/** Operating costs beyond serving (people, rent, GPUs bought) and the month's budget against actuals. */
export function Expenses() {
  const { t } = useI18n();
  const rights = useOperatorRights();
  const expenses = useGet<List<Expense>>('/admin/v1/expenses', { limit: 500 });
  const [month, setMonth] = useState(() => monthKey(Date.now()));
  const budget = useGet<BudgetReport>('/admin/v1/reports/budget', { month });
  return (
    <Page title={t('expenses.title')}>
      <Section title={t('expenses.list')} id="expenses">
        {rights.finance ? <NewExpense onCreated={expenses.reload} /> : null}
        <Loadable resource={expenses} what={t('expenses.list')}>
          {(data) => <ExpenseTable expenses={data.data} />}
        </Loadable>
      </Section>
      <Section title={t('budget.title')} id="budget" actions={<MonthField label={t('period.month')} value={month} onChange={setMonth} />}>
        {rights.finance ? <BudgetForm month={month} onSaved={budget.reload} /> : null}
        <Loadable resource={budget} what={t('budget.title')}>
          {(data) => <BudgetTable report={data} />}
        </Loadable>
      </Section>
    </Page>
  );
}

function ExpenseTable({ expenses }: { expenses: Expense[] }) {
  const { t, locale, word } = useI18n();
  return (
    <DataTable
      caption={t('expenses.list')}
      empty={t('expenses.empty')}
      rows={expenses}
      rowKey={(e) => e.id}
      columns={[
        { header: t('expenses.description'), rowHeader: true, cell: (e) => e.description },
        { header: t('expenses.category'), cell: (e) => word('category', e.category) },
        { header: t('expenses.amount'), align: 'end', cell: (e) => <Money amount={e.amount} currency={e.currency} /> },
        { header: t('expenses.recurrence'), cell: (e) => word('recurrence', e.recurrence) },
        { header: t('expenses.starts'), cell: (e) => formatIsoDate(e.date, locale) },
        { header: t('expenses.ends'), cell: (e) => (e.endDate ? formatIsoDate(e.endDate, locale) : '—') },
      ]}
    />
  );
}

function NewExpense({ onCreated }: { onCreated(): void }) {
  const { t, word } = useI18n();
  const api = useApi();
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<string>('salaries');
  const [currency, setCurrency] = useState('USD');
  const [amount, setAmount] = useState('');
  const [recurrence, setRecurrence] = useState<string>('monthly');
  const [starts, setStarts] = useState(() => isoDay(Date.now()));
  const create = useAction(async () => {
    await api.post('/admin/v1/expenses', { description: description.trim(), category, currency, amount: amount.trim(), recurrence, date: starts });
    setDescription('');
    setAmount('');
    onCreated();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <form className="form-grid card" onSubmit={submit} aria-label={t('expenses.new')}>
      <TextField label={t('expenses.description')} value={description} onChange={setDescription} required autoComplete="off" />
      <SelectField label={t('expenses.category')} value={category} onChange={setCategory} options={expenseCategories.map((c) => ({ value: c, label: word('category', c) }))} />
      <CurrencyField value={currency} onChange={setCurrency} />
      <AmountField label={t('expenses.amount')} value={amount} onChange={setAmount} required />
      <SelectField label={t('expenses.recurrence')} value={recurrence} onChange={setRecurrence} options={recurrences.map((r) => ({ value: r, label: word('recurrence', r) }))} />
      <TextField label={t('expenses.starts')} type="date" value={starts} onChange={setStarts} required />
      <FormActions action={create} submitLabel={t('expenses.add')} />
    </form>
  );
}

function BudgetForm({ month, onSaved }: { month: string; onSaved(): void }) {
  const { t, word } = useI18n();
  const api = useApi();
  const [category, setCategory] = useState<string>('salaries');
  const [currency, setCurrency] = useState('USD');
  const [amount, setAmount] = useState('');
  const save = useAction(async () => {
    await api.put(`/admin/v1/budgets/${month}`, { category, currency, amount: amount.trim() });
    setAmount('');
    onSaved();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t('budget.set')}>
      <SelectField label={t('expenses.category')} value={category} onChange={setCategory} options={expenseCategories.map((c) => ({ value: c, label: word('category', c) }))} />
      <CurrencyField value={currency} onChange={setCurrency} />
      <AmountField label={t('budget.amount')} value={amount} onChange={setAmount} required />
      <button type="submit" className="button" disabled={save.busy}>
        {t('budget.save')}
      </button>
      {save.error ? <ErrorNote error={save.error} /> : null}
    </form>
  );
}

function BudgetTable({ report }: { report: BudgetReport }) {
  const { t, word } = useI18n();
  const c = report.currency;
  return (
    <DataTable
      caption={t('budget.title')}
      empty={t('budget.empty')}
      rows={report.lines}
      rowKey={(l) => l.category}
      columns={[
        { header: t('expenses.category'), rowHeader: true, cell: (l) => (l.category === 'total' ? <strong>{t('budget.total')}</strong> : word('category', l.category)) },
        { header: t('budget.amount'), align: 'end', cell: (l) => <Money amount={l.budget} currency={c} /> },
        { header: t('budget.actual'), align: 'end', cell: (l) => <Money amount={l.actual} currency={c} /> },
        { header: t('budget.remaining'), align: 'end', cell: (l) => <Money amount={l.remaining} currency={c} signed /> },
        { header: t('budget.used'), align: 'end', cell: (l) => <Percent points={l.usedPct} /> },
      ]}
    />
  );
}
