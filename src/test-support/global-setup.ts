import { appendFileSync } from 'node:fs';
import { canConnect, testPostgresUrl, testRedisUrl } from './services.js';

/**
 * Probes PostgreSQL and Redis once for the whole run. Under CI=true a missing service fails the
 * run at once with the reason; locally its suites are skipped and reported as skipped.
 */
export default async function setup(): Promise<void> {
  const probes = { postgres: testPostgresUrl, redis: testRedisUrl } as const;
  const missing: string[] = [];
  for (const [name, url] of Object.entries(probes)) {
    const up = await canConnect(url);
    process.env[`TOLLGATE_TEST_${name.toUpperCase()}`] = up ? 'up' : 'down';
    if (!up) missing.push(`${name} (${url.replace(/\/\/[^@]*@/, '//')})`);
  }
  if (missing.length === 0) return;
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but these services are not reachable: ${missing.join(', ')}. Start them (see README, "Tests") or set TOLLGATE_TEST_PG_URL / TOLLGATE_TEST_REDIS_URL.`);
  }
  const note = `Not reachable, so their suites are SKIPPED: ${missing.join(', ')}`;
  process.stderr.write(`\n[tollgate tests] ${note}\n\n`);
  if (process.env.TOLLGATE_TEST_REPORT) appendFileSync(process.env.TOLLGATE_TEST_REPORT, note + '\n');
}
