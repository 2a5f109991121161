import { TextField } from './Field.js';

/** A YYYY-MM month; browsers without a month picker accept it typed. */
export function MonthField({ label, value, onChange }: { label: string; value: string; onChange(value: string): void }) {
  return <TextField label={label} type="month" value={value} onChange={(v) => /^\d{4}-\d{2}$/.test(v) && onChange(v)} pattern="\d{4}-\d{2}" placeholder="2026-01" />;
}
