import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { ChargingAdmitter } from '../gateway/charging.js';
import type { Services } from './services.js';

/** The money core's admitter over the app's services: the server's request path and the history generator share it. */
export function chargingAdmitter(services: Services, logger: Logger | FastifyBaseLogger): ChargingAdmitter {
  const { config } = services;
  return new ChargingAdmitter({
    catalog: services.catalog,
    limiter: services.limiter,
    guard: services.creditGuard,
    allowances: services.allowances,
    writer: services.ledgerWriter,
    clock: services.clock,
    logger: logger as FastifyBaseLogger,
    options: { holdTtlMs: config.holdTtlMs, defaultMaxOutputTokens: config.defaultMaxOutputTokens },
    balanceMoved: (customer, beforeNanos, afterNanos, thresholdNanos) => services.notifications.maybeBalanceLow(customer, beforeNanos, afterNanos, thresholdNanos),
  });
}
