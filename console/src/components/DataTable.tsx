import type { ReactNode } from 'react';
import { Empty } from './Notice.js';

export interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
  align?: 'start' | 'end';
  /** The row's heading cell (read out first by screen readers). */
  rowHeader?: boolean;
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. */
export function DataTable<T>({ columns, rows, rowKey, caption, empty }: { columns: Column<T>[]; rows: T[]; rowKey(row: T): string; caption: string; empty: string }) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={column.align === 'end' ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) =>
                column.rowHeader ? (
                  <th key={i} scope="row" className={column.align === 'end' ? 'num' : undefined}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={i} className={column.align === 'end' ? 'num' : undefined}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
