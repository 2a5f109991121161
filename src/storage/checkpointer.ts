import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface CheckpointerOptions {
  /** How often the worker copies the WAL into the database file. */
  intervalMs: number;
  /** A WAL this long is finished on the writer's thread (see `onReport`). */
  inlineAtFrames: number;
  /** Hears why checkpoints went back to the writer's thread. */
  onFallBack(error: Error): void;
}

/** What SQLite's automatic checkpoint does by default, restored if the worker fails. */
const AUTOCHECKPOINT_FRAMES = 1000;

interface Report {
  log?: number;
  checkpointed?: number;
  error?: string;
}

// Plain CommonJS, run with `eval`: the worker needs no file of its own next to the compiled code
// (the tests run the TypeScript sources). The driver's path comes resolved from this module.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Copies SQLite's WAL into the database file from a worker thread. Left to SQLite, the writer
 * itself does it after every thousand WAL pages, inside a commit: four megabytes copied and
 * the database file synced while every request waits on the event loop (at one connection on
 * the benchmark VM, moving it here took the p99 from 7.0 to 3.4 ms). Durability is the same: the
 * WAL is written and committed exactly as before; only the later copy moves.
 *
 * A checkpoint can only restart the WAL from its beginning when it has copied every frame and
 * the writer has not added one since; under steady load the worker may keep missing that
 * moment, so a WAL grown past `inlineAtFrames` is finished on the writer's thread, where no write
 * can come between (a short pause: the worker has copied nearly all of it).
 */
export class BackgroundCheckpointer {
  private worker: Worker | null;
  private closing = false;
  private reported = 0;

  constructor(
    private readonly sqlite: Database.Database,
    path: string,
    private readonly options: CheckpointerOptions,
  ) {
    sqlite.pragma('wal_autocheckpoint = 0');
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: options.intervalMs } });
    worker.unref();
    worker.on('message', (report: Report) => this.onReport(report));
    worker.on('error', (error) => this.fallBack(error));
    worker.on('exit', (code) => this.fallBack(new Error(`the checkpoint worker exited (code ${code})`)));
    this.worker = worker;
  }

  /** Whether checkpoints still run in the worker. */
  get running(): boolean {
    return this.worker !== null;
  }

  /** How many of the worker's checkpoints this thread has heard of. */
  get checkpoints(): number {
    return this.reported;
  }

  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    await exited;
  }

  private onReport(report: Report): void {
    if (this.closing || !this.sqlite.open) return;
    if (report.error !== undefined) {
      this.fallBack(new Error(`a background checkpoint failed: ${report.error}`));
      return;
    }
    this.reported++;
    if ((report.log ?? 0) >= this.options.inlineAtFrames) this.sqlite.pragma('wal_checkpoint(PASSIVE)');
  }

  private fallBack(error: Error): void {
    if (this.closing || !this.worker) return;
    const worker = this.worker;
    this.worker = null;
    void worker.terminate();
    if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_FRAMES}`);
    this.options.onFallBack(error);
  }
}
