import net from 'node:net';

/**
 * Which real services the tests can reach. A suite that needs one it cannot reach is skipped
 * when running locally (and listed as skipped by scripts/test.mjs); under CI=true the run fails
 * instead, saying which service is missing.
 */
export const testPostgresUrl = process.env.TOLLGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TOLLGATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type ServiceName = 'postgres' | 'redis';

export function canConnect(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Set by global-setup for the test workers. */
export function serviceAvailable(name: ServiceName): boolean {
  return process.env[`TOLLGATE_TEST_${name.toUpperCase()}`] === 'up';
}
