import type { Command } from 'commander';
import { displayBalance, customerAccount } from '../../ledger/accounts.js';
import { decimalString } from '../../core/money.js';
import type { Customer } from '../../customers/types.js';
import type { GrantReason } from '../../ledger/service.js';
import type { Transfer } from '../../ledger/types.js';
import { withServices } from '../context.js';
import { type Column, isoDate, printJson, printOutput, printTable } from '../output.js';
import { findCustomer } from './customers.js';
import { choiceOption, integerOption, moneyOption } from './input.js';

const grantReasons: readonly GrantReason[] = ['trial', 'promotion', 'refund', 'goodwill'];

interface MovementOptions {
  amount: string;
  memo?: string;
  idempotencyKey?: string;
  json?: boolean;
}

const transferView = (t: Transfer) => ({ ...t, entries: t.entries.map((e) => ({ accountId: e.accountId, currency: e.currency, amount: decimalString(e.amountNanos) })) });

/** How a transfer moved the customer's three balances, each as people read it (credit up is positive). */
function balanceChanges(t: Transfer): Record<'wallet' | 'promo' | 'receivable', string | null> {
  const out: Record<'wallet' | 'promo' | 'receivable', string | null> = { wallet: null, promo: null, receivable: null };
  for (const e of t.entries) {
    const owner = customerAccount(e.accountId);
    if (owner) out[owner.kind] = decimalString(displayBalance(e.accountId, e.amountNanos));
  }
  return out;
}

const historyColumns: Column<Transfer>[] = [
  ['TIME', (t) => isoDate(t.createdAtMs)],
  ['KIND', (t) => t.kind],
  ['WALLET', (t) => balanceChanges(t).wallet],
  ['PROMO', (t) => balanceChanges(t).promo],
  ['RECEIVABLE', (t) => balanceChanges(t).receivable],
  ['CURRENCY', (t) => t.currency],
  ['MEMO', (t) => t.memo],
  ['ID', (t) => t.id],
];

type BalanceView = { customerId: string; ref: string | null; currency: string; billingMode: string; wallet: string; promotional: string; receivable: string };
const balanceColumns: Column<BalanceView>[] = [
  ['CUSTOMER', (b) => b.ref ?? b.customerId],
  ['CURRENCY', (b) => b.currency],
  ['MODE', (b) => b.billingMode],
  ['WALLET', (b) => b.wallet],
  ['PROMOTIONAL', (b) => b.promotional],
  ['RECEIVABLE', (b) => b.receivable],
];

function movement(command: Command): Command {
  return command
    .requiredOption('--amount <decimal>', 'in the customer\'s currency, e.g. 12.50')
    .option('--memo <text>', 'shown in the history')
    .option('--idempotency-key <key>', 'the same key credits once, however often the command runs')
    .option('--json', 'print JSON');
}

function report(customer: Customer, verb: string, result: { transfer: Transfer; applied: boolean }, json?: boolean): void {
  if (json) return printJson({ applied: result.applied, transfer: transferView(result.transfer) });
  const amount = result.transfer.entries.find((e) => e.amountNanos > 0n)?.amountNanos ?? 0n;
  process.stdout.write(
    result.applied
      ? `${verb} ${decimalString(amount)} ${customer.currency} to ${customer.ref ?? customer.name} (${result.transfer.id}).\n`
      : `Already recorded with this idempotency key, nothing credited again (${result.transfer.id}).\n`,
  );
}

export function registerCredit(program: Command): void {
  const credit = program.command('credit').description('Prepaid credit: balances, top-ups, grants, history');

  credit
    .command('balance <customer>')
    .description('Paid credit, granted credit, and what a postpaid customer owes')
    .option('--json', 'print JSON')
    .action(async (idOrRef: string, o: { json?: boolean }) =>
      withServices(async (s) => {
        const customer = await findCustomer(s, idOrRef);
        const b = await s.ledger.balances(customer.id);
        const view: BalanceView = {
          customerId: customer.id,
          ref: customer.ref,
          currency: customer.currency,
          billingMode: customer.billingMode,
          wallet: decimalString(b.walletNanos),
          promotional: decimalString(b.promoNanos),
          receivable: decimalString(b.receivableNanos),
        };
        printOutput(!!o.json, view, balanceColumns);
      }),
    );

  movement(credit.command('top-up <customer>').description('Record money received as prepaid credit')).action(async (idOrRef: string, o: MovementOptions) => {
    const amount = moneyOption('--amount', o.amount, { positive: true });
    await withServices(async (s) => {
      const customer = await findCustomer(s, idOrRef);
      report(customer, 'Credited', await s.ledger.topUp(customer, { amountNanos: amount.nanos, memo: o.memo, id: o.idempotencyKey }), o.json);
    });
  });

  movement(credit.command('grant <customer>').description('Give free credit: used before paid credit, never counted as revenue'))
    .requiredOption('--reason <reason>', grantReasons.join(' | '))
    .action(async (idOrRef: string, o: MovementOptions & { reason: string }) => {
      const amount = moneyOption('--amount', o.amount, { positive: true });
      const reason = choiceOption('--reason', o.reason, grantReasons);
      await withServices(async (s) => {
        const customer = await findCustomer(s, idOrRef);
        report(customer, 'Granted', await s.ledger.grant(customer, { amountNanos: amount.nanos, memo: o.memo, reason, id: o.idempotencyKey }), o.json);
      });
    });

  credit
    .command('history <customer>')
    .description("The customer's ledger transfers, newest first")
    .option('--limit <n>', 'at most this many (1-1000)', '50')
    .option('--json', 'print JSON')
    .action(async (idOrRef: string, o: { limit: string; json?: boolean }) => {
      const limit = integerOption('--limit', o.limit, 1, 1000)!;
      await withServices(async (s) => {
        const transfers = await s.ledger.history((await findCustomer(s, idOrRef)).id, limit);
        if (o.json) return printJson(transfers.map(transferView));
        printTable(transfers, historyColumns);
      });
    });
}
