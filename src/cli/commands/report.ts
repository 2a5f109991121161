import type { Command } from 'commander';
import { isMonth } from '../../analytics/finance/calendar.js';
import { TollgateError } from '../../core/errors.js';

/**
 * The `report` command. Each family of reports registers its subcommands onto it from its own
 * file, so whichever registers first creates it and the others find it.
 */
export function reportCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'report') ?? program.command('report').description('Reports: profit, plans, what-if repricing, GPU hours, SaaS metrics, cash, budgets');
}

/** A percentage for a table cell: "12.5%", or null (printed as "-"). */
export const pct = (value: number | null): string | null => (value === null ? null : `${value}%`);

/** A `--month` value, checked before the database is opened. */
export function monthOption(text: string | undefined): string | undefined {
  if (text !== undefined && !isMonth(text)) throw new TollgateError('invalid_request', `--month must be YYYY-MM (got "${text}").`, { param: '--month' });
  return text;
}
