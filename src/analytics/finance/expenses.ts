import type { Clock } from '../../core/clock.js';
import { TollgateError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isCurrency, parseDecimalNanos } from '../../core/money.js';
import { parseDay } from './calendar.js';
import { CsvError, type CsvRecord, parseCsv } from './csv.js';
import type { FinanceStore } from './store.js';
import { type Expense, expenseCategories, type ExpenseCategory, type ExpenseInput, type Recurrence } from './types.js';

const REQUIRED_COLUMNS = ['date', 'category', 'description', 'amount', 'currency', 'recurrence'] as const;
const OPTIONAL_COLUMNS = ['external_ref', 'end_date'] as const;
const MAX_REPORTED_ERRORS = 20;
const RECURRENCE_WORDS: Record<string, Recurrence> = { one_off: 'one_off', 'one-off': 'one_off', once: 'one_off', monthly: 'monthly' };

export interface ImportResult {
  imported: Expense[];
  /** Rows whose external_ref was imported before with the same values. */
  skipped: number;
}

export class ExpenseService {
  constructor(
    private readonly store: FinanceStore,
    private readonly clock: Clock,
  ) {}

  async create(input: ExpenseInput): Promise<Expense> {
    validate(input);
    if (input.externalRef && (await this.store.expensesByRef([input.externalRef])).size > 0) {
      throw new TollgateError('conflict', `An expense with external ref "${input.externalRef}" exists already.`, { param: 'externalRef' });
    }
    const expense = this.make(input);
    await this.store.insertExpense(expense);
    return expense;
  }

  list(): Promise<Expense[]> {
    return this.store.listExpenses();
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.deleteExpense(id))) throw new TollgateError('not_found', `No expense ${id}.`);
  }

  /**
   * Imports a CSV file all or nothing: every row is checked first and any problem refuses the
   * whole file, naming each bad line. A row whose external_ref was imported before with the same
   * values is skipped, so importing a file twice adds nothing.
   */
  async importCsv(text: string): Promise<ImportResult> {
    const rows = readRows(text);
    const existing = await this.store.expensesByRef(rows.flatMap((r) => (r.input.externalRef ? [r.input.externalRef] : [])));
    const errors: string[] = [];
    const fresh: Expense[] = [];
    let skipped = 0;
    for (const row of rows) {
      const before = row.input.externalRef ? existing.get(row.input.externalRef) : undefined;
      if (!before) fresh.push(this.make(row.input));
      else if (sameExpense(before, row.input)) skipped++;
      else errors.push(`line ${row.line}: external_ref "${row.input.externalRef}" was imported before with other values`);
    }
    if (errors.length > 0) throw importError(errors);
    await this.store.insertExpenses(fresh);
    return { imported: fresh, skipped };
  }

  private make(input: ExpenseInput): Expense {
    const nowMs = this.clock.nowMs();
    return { ...input, id: newId('exp', nowMs), createdAtMs: nowMs };
  }
}

function validate(input: ExpenseInput): void {
  if (!input.description.trim()) throw new TollgateError('invalid_request', 'description must not be empty.', { param: 'description' });
  if (input.amountNanos <= 0n) throw new TollgateError('invalid_request', 'amount must be greater than zero.', { param: 'amount' });
  if (input.endsAtMs !== null && input.endsAtMs <= input.startsAtMs) throw new TollgateError('invalid_request', 'endDate must be after date.', { param: 'endDate' });
  if (input.endsAtMs !== null && input.recurrence === 'one_off') throw new TollgateError('invalid_request', 'Only a monthly expense has an end date.', { param: 'endDate' });
}

function sameExpense(e: Expense, input: ExpenseInput): boolean {
  return e.category === input.category && e.description === input.description && e.currency === input.currency && e.amountNanos === input.amountNanos
    && e.recurrence === input.recurrence && e.startsAtMs === input.startsAtMs && e.endsAtMs === input.endsAtMs;
}

function importError(errors: string[]): TollgateError {
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return new TollgateError('invalid_request', `Nothing was imported: ${shown.join('; ')}${more}.`, { param: 'body' });
}

function readRows(text: string): { line: number; input: ExpenseInput }[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw importError([error.message]);
    throw error;
  }
  const header = records[0];
  if (!header) throw importError(['line 1: the file is empty; it needs the header date,category,description,amount,currency,recurrence']);
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !(REQUIRED_COLUMNS as readonly string[]).includes(c) && !(OPTIONAL_COLUMNS as readonly string[]).includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    throw importError([`line 1: the header ${missing.length ? `lacks ${missing.join(', ')}` : ''}${missing.length && unknown.length ? ' and ' : ''}${unknown.length ? `has unknown columns ${unknown.join(', ')}` : ''}`]);
  }
  const errors: string[] = [];
  const rows: { line: number; input: ExpenseInput }[] = [];
  const refs = new Map<string, number>();
  for (const record of records.slice(1)) {
    const cells = Object.fromEntries(columns.map((c, i) => [c, (record.fields[i] ?? '').trim()]));
    const problems = record.fields.length !== columns.length ? [`has ${record.fields.length} fields, the header ${columns.length}`] : [];
    const input = problems.length === 0 ? rowInput(cells, problems) : null;
    const ref = input?.externalRef;
    if (ref && refs.has(ref)) problems.push(`external_ref "${ref}" is also on line ${refs.get(ref)}`);
    if (ref) refs.set(ref, record.line);
    if (problems.length > 0) errors.push(`line ${record.line}: ${problems.join(', ')}`);
    else rows.push({ line: record.line, input: input! });
  }
  if (errors.length > 0) throw importError(errors);
  if (rows.length === 0) throw importError(['the file has a header but no rows']);
  return rows;
}

/** Reads one row, pushing what is wrong with it into `problems`. */
function rowInput(cells: Record<string, string>, problems: string[]): ExpenseInput | null {
  const startsAtMs = parseDay(cells.date!);
  if (startsAtMs === null) problems.push(`date "${cells.date}" is not a YYYY-MM-DD date`);
  const category = cells.category!.toLowerCase();
  if (!(expenseCategories as readonly string[]).includes(category)) problems.push(`category "${cells.category}" is not one of ${expenseCategories.join(', ')}`);
  if (!cells.description) problems.push('description is empty');
  const amountNanos = /^\d{1,12}(\.\d{1,9})?$/.test(cells.amount!) ? parseDecimalNanos(cells.amount!) : null;
  if (amountNanos === null || amountNanos <= 0n) problems.push(`amount "${cells.amount}" is not a positive decimal such as 1200.00`);
  const currency = cells.currency!.toUpperCase();
  if (!isCurrency(currency)) problems.push(`currency "${cells.currency}" is not supported`);
  const recurrence = RECURRENCE_WORDS[cells.recurrence!.toLowerCase()];
  if (!recurrence) problems.push(`recurrence "${cells.recurrence}" is not one-off or monthly`);
  const endsAtMs = cells.end_date ? parseDay(cells.end_date) : null;
  if (cells.end_date && endsAtMs === null) problems.push(`end_date "${cells.end_date}" is not a YYYY-MM-DD date`);
  if (endsAtMs !== null && startsAtMs !== null && endsAtMs <= startsAtMs) problems.push('end_date is not after date');
  if (endsAtMs !== null && recurrence === 'one_off') problems.push('a one-off expense has no end_date');
  const externalRef = cells.external_ref || null;
  if (externalRef && externalRef.length > 200) problems.push('external_ref is longer than 200 characters');
  if (problems.length > 0) return null;
  return { category: category as ExpenseCategory, description: cells.description!, currency: currency as ExpenseInput['currency'], amountNanos: amountNanos!, recurrence: recurrence!, startsAtMs: startsAtMs!, endsAtMs, externalRef };
}
