import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Admitter } from '../gateway/admission.js';
import { alertJob } from '../analytics/alerts/job.js';
import { runGpuAllocation } from '../analytics/gpu/allocate.js';
import { buildServer } from './server.js';
import { createServices, type Services, type ServicesOptions } from './services.js';

export interface RunningGateway {
  services: Services;
  server: FastifyInstance;
  /** Base URL the server listens on, e.g. http://127.0.0.1:8080 */
  url: string;
  /** Stops accepting, lets in-flight requests (streams included) finish within the grace period, then closes. */
  stop(): Promise<void>;
}

export interface StartOptions extends ServicesOptions {
  logger: Logger;
  admitter?: Admitter;
}

export async function startGateway(config: Readonly<Config>, options: StartOptions): Promise<RunningGateway> {
  // A long-running server copies SQLite's WAL from a worker thread, off the request path.
  const services = await createServices(config, { backgroundCheckpoints: true, ...options });
  let server: FastifyInstance | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  let billingJob: NodeJS.Timeout | null = null;
  try {
    await services.catalog.start();
    sweeper = await startHoldSweeper(services, options.logger);
    billingJob = startBillingJob(services, options.logger);
    services.webhookDispatcher.start(options.logger);
    server = await buildServer(services, options);
    await server.listen({ host: config.host, port: config.port });
  } catch (error) {
    if (sweeper) clearInterval(sweeper);
    if (billingJob) clearInterval(billingJob);
    await server?.close().catch(() => undefined);
    await services.close();
    throw error;
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const running = server;
  let stopping: Promise<void> | null = null;
  return {
    services,
    server: running,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    stop: () => {
      if (sweeper) clearInterval(sweeper);
      if (billingJob) clearInterval(billingJob);
      // No new deliveries from now on; services.close() waits for the attempts in flight to be recorded.
      void services.webhookDispatcher.stop();
      return (stopping ??= stopGracefully(running, services, config.shutdownGraceMs));
    },
  };
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Expires holds whose request never settled (the process serving it died): at start, which is
 * where a crash is recovered, and every minute. A settlement that arrives late still posts.
 */
async function startHoldSweeper(services: Services, logger: Logger): Promise<NodeJS.Timeout> {
  const sweep = async () => {
    const expired = await services.ledgerStore.expireHolds(services.clock.nowMs());
    if (expired > 0) logger.warn({ expired }, 'expired holds of requests that never settled; their upstream cost is reported as unbilled');
  };
  await sweep();
  const timer = setInterval(() => void sweep().catch((err: unknown) => logger.error({ err }, 'hold sweep failed')), SWEEP_INTERVAL_MS);
  timer.unref();
  return timer;
}

async function stopGracefully(server: FastifyInstance, services: Services, graceMs: number): Promise<void> {
  const timer = setTimeout(() => {
    server.log.warn({ graceMs }, 'shutdown grace period over; closing remaining connections');
    server.server.closeAllConnections();
  }, graceMs);
  timer.unref();
  try {
    await server.close();
  } finally {
    clearTimeout(timer);
    await services.close();
  }
}

/**
 * Runs the billing job (renewals, postpaid invoices, dunning, the allocation of ended GPU hours,
 * then the alert rules when due) every TOLLGATE_BILLING_INTERVAL_MS.
 * Every step is idempotent, so replicas may run it at the same time; a run never overlaps the
 * previous one in this process.
 */
function startBillingJob(services: Services, logger: Logger): NodeJS.Timeout {
  let running = false;
  const alerts = alertJob(() => services.analytics.alerts.evaluate(), services.clock);
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    services.billing
      .run()
      .then(({ renewal, postpaid, dunning }) => {
        if (renewal.invoices.length > 0 || postpaid.length > 0 || dunning.suspended > 0) logger.info({ renewal, postpaid, dunning }, 'billing job');
      })
      .catch((err: unknown) => logger.error({ err }, 'billing job failed'))
      .then(() => runGpuAllocation(services.gpuAllocation, logger))
      .then(() => alerts.runIfDue())
      .catch((err: unknown) => logger.error({ err }, 'alert evaluation failed'))
      .finally(() => {
        running = false;
      });
  }, services.config.billingIntervalMs);
  timer.unref();
  return timer;
}
