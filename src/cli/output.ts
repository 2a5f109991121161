/** Human tables by default, JSON with --json; bigints print as strings in JSON. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
}

export type Column<T> = [header: string, cell: (row: T) => unknown];

export function printTable<T>(rows: readonly T[], columns: Column<T>[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cells = rows.map((row) => columns.map(([, cell]) => format(cell(row))));
  const widths = columns.map(([header], i) => Math.max(displayWidth(header), ...cells.map((r) => displayWidth(r[i]!))));
  const line = (values: string[]) => values.map((v, i) => v + ' '.repeat(widths[i]! - displayWidth(v))).join('  ').trimEnd();
  process.stdout.write([line(columns.map(([h]) => h)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n');
}

export function printOutput<T>(json: boolean, value: T | readonly T[], columns: Column<T>[]): void {
  if (json) printJson(value);
  else printTable(Array.isArray(value) ? value : [value as T], columns);
}

function format(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.length ? value.join(',') : '-';
  return String(value);
}

/** Columns of CJK characters take two cells in a terminal. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1;
  return width;
}

export function isoDate(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
}
