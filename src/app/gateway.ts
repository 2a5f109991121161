import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Admitter } from '../gateway/admission.js';
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
  const services = await createServices(config, options);
  let server: FastifyInstance | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  try {
    await services.catalog.start();
    sweeper = await startHoldSweeper(services, options.logger);
    server = await buildServer(services, options);
    await server.listen({ host: config.host, port: config.port });
  } catch (error) {
    if (sweeper) clearInterval(sweeper);
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
