import type { Command } from 'commander';
import { startGateway, type RunningGateway } from '../../app/gateway.js';
import { createLogger } from '../../app/logger.js';
import type { Config } from '../../config/config.js';
import { cliConfig } from '../context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the gateway, admin API and metrics')
    .option('--host <host>', 'address to listen on (TOLLGATE_HOST)')
    .option('--port <port>', 'port to listen on (TOLLGATE_PORT)')
    .action(async (options: { host?: string; port?: string }) => {
      const config = cliConfig({ TOLLGATE_HOST: options.host, TOLLGATE_PORT: options.port });
      const gateway = await serve(config);
      process.stderr.write(`Tollgate listening on ${gateway.url}: OpenAI API ${gateway.url}/v1, console ${gateway.url}/console/, admin API ${gateway.url}/admin/v1, portal API ${gateway.url}/portal/v1\n`);
    });
}

/** Starts the gateway, shows a bootstrap owner token on a fresh install, and stops cleanly on SIGINT/SIGTERM. */
export async function serve(config: Readonly<Config>, options: { bootstrap?: boolean } = {}): Promise<RunningGateway> {
  const logger = createLogger(config);
  const gateway = await startGateway(config, { logger });
  if (gateway.services.secretKeyFileCreated) {
    process.stderr.write(`Created ${gateway.services.secretKeyFileCreated}: the key that encrypts upstream credentials. Back it up with the database.\n`);
  }
  const bootstrap = options.bootstrap === false ? null : await gateway.services.operators.bootstrap(config.bootstrapAdminToken);
  if (bootstrap) {
    process.stderr.write(`\nNo operator token existed, so one owner token was created. It is shown once:\n\n  ${bootstrap.secret}\n\n`);
  }
  stopOnSignals(gateway);
  return gateway;
}

function stopOnSignals(gateway: RunningGateway): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      process.stderr.write(`${signal} again: exiting now.\n`);
      process.exit(130);
    }
    signalled = true;
    process.stderr.write(`${signal}: finishing in-flight requests, then stopping (send again to exit at once).\n`);
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
