import type { Command } from 'commander';
import type { Customer } from '../../customers/types.js';
import type { ApiKey } from '../../keys/types.js';
import type { Services } from '../../app/services.js';
import { TollgateError } from '../../core/errors.js';
import { isCurrency } from '../../core/money.js';
import { publicKey } from '../../keys/service.js';
import { withServices } from '../context.js';
import { type Column, isoDate, printJson, printOutput } from '../output.js';

const customerColumns: Column<Customer>[] = [
  ['ID', (c) => c.id],
  ['REF', (c) => c.ref],
  ['NAME', (c) => c.name],
  ['STATUS', (c) => c.status],
  ['CURRENCY', (c) => c.currency],
  ['CREATED', (c) => isoDate(c.createdAtMs)],
];

const keyColumns: Column<Omit<ApiKey, 'hash'>>[] = [
  ['ID', (k) => k.id],
  ['CUSTOMER', (k) => k.customerId],
  ['NAME', (k) => k.name],
  ['PREFIX', (k) => k.prefix + '…'],
  ['MODELS', (k) => k.allowedModels ?? 'all'],
  ['EXPIRES', (k) => isoDate(k.expiresAtMs)],
  ['STATUS', (k) => k.status],
];

/** A customer by id ("cus_…") or by ref. */
export async function findCustomer(services: Services, idOrRef: string): Promise<Customer> {
  if (idOrRef.startsWith('cus_')) return services.customers.get(idOrRef);
  const customer = await services.customers.findByRef(idOrRef);
  if (!customer) throw new TollgateError('not_found', `No customer with id or ref "${idOrRef}".`);
  return customer;
}

export function registerCustomers(program: Command): void {
  const customers = program.command('customers').description('Create, list, disable customers');
  customers
    .command('list')
    .option('--status <status>', 'active or disabled')
    .option('--json', 'print JSON')
    .action(async (o: { status?: 'active' | 'disabled'; json?: boolean }) =>
      withServices(async (s) => printOutput(!!o.json, await s.customers.list({ status: o.status, limit: 1000 }), customerColumns)),
    );
  customers
    .command('create')
    .requiredOption('--name <name>', 'display name')
    .option('--ref <ref>', 'your own stable handle, e.g. "acme"')
    .option('--email <email>', 'billing email')
    .option('--currency <code>', 'ISO currency of its prices and wallet', 'USD')
    .option('--json', 'print JSON')
    .action(async (o: { name: string; ref?: string; email?: string; currency: string; json?: boolean }) => {
      if (!isCurrency(o.currency)) throw new TollgateError('invalid_request', `Unknown currency "${o.currency}".`);
      const currency = o.currency;
      await withServices(async (s) => printOutput(!!o.json, await s.customers.create({ name: o.name, ref: o.ref, email: o.email, currency }), customerColumns));
    });
  customers
    .command('get <idOrRef>')
    .option('--json', 'print JSON')
    .action(async (idOrRef: string, o: { json?: boolean }) => withServices(async (s) => printOutput(!!o.json, await findCustomer(s, idOrRef), customerColumns)));
  for (const [verb, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    customers
      .command(`${verb} <idOrRef>`)
      .description(verb === 'disable' ? 'Stop all of its keys from working' : 'Let its keys work again')
      .option('--json', 'print JSON')
      .action(async (idOrRef: string, o: { json?: boolean }) =>
        withServices(async (s) => printOutput(!!o.json, await s.customers.update((await findCustomer(s, idOrRef)).id, { status }), customerColumns)),
      );
  }

  const keys = program.command('keys').description('Issue, list, disable and revoke API keys');
  keys
    .command('list')
    .option('--customer <idOrRef>', 'only this customer')
    .option('--json', 'print JSON')
    .action(async (o: { customer?: string; json?: boolean }) =>
      withServices(async (s) => {
        const customerId = o.customer ? (await findCustomer(s, o.customer)).id : undefined;
        printOutput(!!o.json, (await s.keys.list({ customerId, limit: 1000 })).map(publicKey), keyColumns);
      }),
    );
  keys
    .command('create')
    .requiredOption('--customer <idOrRef>', 'the customer that owns the key')
    .option('--name <name>', 'a label', 'default')
    .option('--models <list>', 'comma-separated public model names it may call (default: all)')
    .option('--expires <iso-date>', 'expiry, e.g. 2027-01-01')
    .option('--json', 'print JSON')
    .action(async (o: { customer: string; name: string; models?: string; expires?: string; json?: boolean }) =>
      withServices(async (s) => {
        const customer = await findCustomer(s, o.customer);
        const expiresAtMs = o.expires ? parseDate(o.expires) : null;
        const { key, secret } = await s.keys.issue(customer.id, { name: o.name, allowedModels: o.models ? o.models.split(',') : null, expiresAtMs });
        if (o.json) printJson({ ...publicKey(key), secret });
        else process.stdout.write(`Issued ${key.id} for ${customer.name}. The key is shown once:\n\n  ${secret}\n`);
      }),
    );
  for (const [verb, action] of [['disable', 'disable'], ['enable', 'enable'], ['revoke', 'revoke']] as const) {
    keys
      .command(`${verb} <keyId>`)
      .option('--json', 'print JSON')
      .action(async (id: string, o: { json?: boolean }) =>
        withServices(async (s) => {
          const key = action === 'revoke' ? await s.keys.revoke(id) : await s.keys.update(id, { status: action === 'disable' ? 'disabled' : 'active' });
          printOutput(!!o.json, publicKey(key), keyColumns);
        }),
      );
  }
}

function parseDate(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new TollgateError('invalid_request', `"${text}" is not a date (use ISO 8601, e.g. 2027-01-01).`);
  return ms;
}
