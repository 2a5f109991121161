import type { Command } from 'commander';

/**
 * The `report` command. Each family of reports registers its subcommands onto it from its own
 * file, so whichever registers first creates it and the others find it.
 */
export function reportCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'report') ?? program.command('report').description('Reports: profit, plans, what-if repricing, GPU hours, SaaS metrics, cash, budgets');
}
