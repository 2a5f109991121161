import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect } from './services.js';
import { commandInstalled } from './tools.js';

/** Debian installs it in /usr/sbin, which is not on every user's PATH. */
export function pgbouncerCommand(): string | null {
  if (commandInstalled('pgbouncer')) return 'pgbouncer';
  return existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : null;
}

export interface PgBouncer {
  /** A connection string for `database` through the pooler. */
  url(database: string): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The PostgreSQL server behind it. */
  postgresUrl: string;
  /** Server connections per database and user: 1 makes every client share one. */
  poolSize: number;
  /** Discards each server connection's prepared statements whenever a transaction gives it back. */
  discardAfterEachTransaction?: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Debian's PgBouncer (1.18: no prepared statement support) in transaction mode, as operators put
 * in front of PostgreSQL for many replicas. Started as user postgres when the tests run as root,
 * since PgBouncer refuses to run as root.
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const server = new URL(options.postgresUrl);
  const user = decodeURIComponent(server.username || 'postgres');
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-pgbouncer-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      'max_client_conn = 200',
      ...(options.discardAfterEachTransaction ? ['server_reset_query = DISCARD ALL', 'server_reset_query_always = 1'] : []),
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const command = pgbouncerCommand();
  if (!command) throw new Error('pgbouncer is not installed (apt-get install -y pgbouncer)');
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(command, [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = (database: string) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) break;
    if (await canConnect(url('postgres'), 200)) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`PgBouncer did not start:\n${output}`);
}
