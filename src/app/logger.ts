import pino, { type Logger } from 'pino';
import type { Config } from '../config/config.js';

/** JSON logs on stdout. Anything that could hold a secret is redacted before it is written. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'tollgate' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers["api-key"]', 'req.headers.cookie', '*.apiKey', '*.secret', '*.password', 'secret', 'apiKey'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
