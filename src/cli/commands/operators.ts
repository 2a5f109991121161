import type { Command } from 'commander';
import { TollgateError } from '../../core/errors.js';
import { operatorRoles, type OperatorRole, type OperatorToken } from '../../keys/types.js';
import { withServices } from '../context.js';
import { type Column, isoDate, printJson, printOutput } from '../output.js';

const columns: Column<OperatorToken>[] = [
  ['ID', (t) => t.id],
  ['NAME', (t) => t.name],
  ['ROLE', (t) => t.role],
  ['PREFIX', (t) => t.prefix + '…'],
  ['STATUS', (t) => t.status],
  ['CREATED', (t) => isoDate(t.createdAtMs)],
];

const view = ({ hash: _hash, ...rest }: OperatorToken) => rest;

export function registerOperators(program: Command): void {
  const operators = program.command('operators').description('Operator tokens for the admin API');
  operators
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => withServices(async (s) => printOutput(!!o.json, (await s.operators.list()).map(view) as OperatorToken[], columns)));
  operators
    .command('create')
    .requiredOption('--name <name>', 'who or what uses it')
    .requiredOption('--role <role>', operatorRoles.join(' | '))
    .option('--json', 'print JSON')
    .action(async (o: { name: string; role: string; json?: boolean }) => {
      if (!operatorRoles.includes(o.role as OperatorRole)) throw new TollgateError('invalid_request', `--role must be one of ${operatorRoles.join(', ')}.`);
      await withServices(async (s) => {
        const { token, secret } = await s.operators.issue(o.name, o.role as OperatorRole);
        if (o.json) printJson({ ...view(token), secret });
        else process.stdout.write(`Issued ${token.id} (${token.role}). The token is shown once:\n\n  ${secret}\n`);
      });
    });
  operators
    .command('revoke <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => withServices(async (s) => printOutput(!!o.json, view(await s.operators.revoke(id)) as OperatorToken, columns)));
}
