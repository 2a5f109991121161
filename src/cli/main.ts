#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerAlerts } from './commands/alerts.js';
import { registerCatalog } from './commands/catalog.js';
import { registerCredit } from './commands/credit.js';
import { registerCustomers } from './commands/customers.js';
import { registerDemo } from './commands/demo.js';
import { registerForecast } from './commands/forecast.js';
import { registerGpu } from './commands/gpu.js';
import { registerOperators } from './commands/operators.js';
import { registerPrices } from './commands/prices.js';
import { registerFinanceReports } from './commands/report-finance.js';
import { registerProfitReports } from './commands/report-profit.js';
import { registerServe } from './commands/serve.js';
import { registerUsage } from './commands/usage.js';
import { registerVerify } from './commands/verify.js';
import { describeError, exitCodeFor, exitCodes } from './exit.js';

const program = new Command('tollgate')
  .description('Tollgate: an OpenAI-compatible gateway that meters, charges and accounts for every token.')
  .showHelpAfterError()
  .exitOverride();

registerServe(program);
registerDemo(program);
registerCatalog(program);
registerCustomers(program);
registerOperators(program);
registerUsage(program);
registerCredit(program);
registerPrices(program);
registerVerify(program);
registerFinanceReports(program);
registerProfitReports(program);
registerGpu(program);
registerForecast(program);
registerAlerts(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  } else {
    process.stderr.write(`tollgate: ${describeError(error)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
