import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackgroundCheckpointer } from './checkpointer.js';

const ROW_BYTES = 1024;
const PAGE_BYTES = 4096;
const INLINE_AT_FRAMES = 2000;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openDatabase(): { sqlite: Database.Database; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'test.db');
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('create table t (id integer primary key, payload blob not null)');
  return { sqlite, path };
}

const size = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** Commits `transactions` of `rows` rows each, awaiting `between()` after each, as a server's event loop turns. */
async function write(sqlite: Database.Database, transactions: number, rows: number, between: () => Promise<unknown>): Promise<void> {
  const insert = sqlite.prepare('insert into t (payload) values (?)');
  const commit = sqlite.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run(Buffer.alloc(ROW_BYTES, i % 251));
  });
  for (let t = 0; t < transactions; t++) {
    commit(rows);
    await between();
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Polls until `condition` holds (10 s at most), failing with what it waited for. */
const until = (condition: () => boolean, what: string) =>
  vi.waitFor(() => expect(condition(), `waiting for ${what}`).toBe(true), { timeout: 10_000, interval: 5 });

describe('background WAL checkpoints', () => {
  it('copy the WAL into the database file from the worker and keep the WAL bounded, losing nothing', async () => {
    const { sqlite, path } = openDatabase();
    const fallBacks: Error[] = [];
    const checkpointer = new BackgroundCheckpointer(sqlite, path, { intervalMs: 20, inlineAtFrames: INLINE_AT_FRAMES, onFallBack: (e) => fallBacks.push(e) });
    // SQLite's own checkpoints are off: only the worker (or the inline finish) copies pages.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    let largestWalBytes = 0;
    // 40 000 rows of 1 KiB (about 40 MB, some 14 000 pages), far more than the WAL may hold. After
    // each transaction of 1 000 rows (some 350 pages) the writer waits for two of the worker's
    // checkpoints, so the bound below does not depend on how fast this machine is.
    await write(sqlite, 40, 1000, async () => {
      largestWalBytes = Math.max(largestWalBytes, size(`${path}-wal`));
      const seen = checkpointer.checkpoints;
      await until(() => checkpointer.checkpoints >= seen + 2, 'two checkpoints');
    });
    // A WAL past INLINE_AT_FRAMES is finished at the next report, and the writer's next
    // transaction starts it over: it never holds much more than that.
    expect(largestWalBytes).toBeLessThan((INLINE_AT_FRAMES + 1000) * (PAGE_BYTES + 24));
    expect(largestWalBytes).toBeGreaterThan(0);

    // Once the writes stop, the worker copies the rest: the database file holds every row.
    await until(() => size(path) >= 40_000 * ROW_BYTES, 'the database file to hold every row');
    expect(checkpointer.running).toBe(true);
    expect(fallBacks).toEqual([]);

    await checkpointer.close();
    expect(checkpointer.running).toBe(false);
    sqlite.close();
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('select count(*) as n, sum(length(payload)) as bytes from t').get()).toEqual({ n: 40_000, bytes: 40_000 * ROW_BYTES });
    reopened.close();
  });

  it('finish a WAL the worker reports as long on the writer, so the next write starts it over', async () => {
    const { sqlite, path } = openDatabase();
    // The worker's first checkpoint is an hour away: the report below stands for one that found the
    // WAL long, as under steady writes, where the worker keeps missing the moment to start it over.
    const checkpointer = new BackgroundCheckpointer(sqlite, path, { intervalMs: 3_600_000, inlineAtFrames: INLINE_AT_FRAMES, onFallBack: () => undefined });
    await write(sqlite, 10, 1000, turn);
    const walFrames = () => (sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
    const worker = (checkpointer as unknown as { worker: NodeJS.EventEmitter }).worker;
    worker.emit('message', { log: INLINE_AT_FRAMES + 1, checkpointed: INLINE_AT_FRAMES });
    expect(checkpointer.checkpoints).toBe(1);

    await write(sqlite, 1, 10, turn);
    // Started over: the WAL holds only the last transaction's few pages, not the 3 000 and more before.
    expect(walFrames()).toBeLessThan(50);
    await checkpointer.close();
    sqlite.close();
  });

  it('go back to SQLite checkpointing on the writer when the worker fails', async () => {
    const { sqlite, path } = openDatabase();
    const fallBacks: Error[] = [];
    // A database the worker cannot open: its thread fails at once.
    const checkpointer = new BackgroundCheckpointer(sqlite, join(path, 'missing', 'nowhere.db'), { intervalMs: 20, inlineAtFrames: INLINE_AT_FRAMES, onFallBack: (e) => fallBacks.push(e) });
    await until(() => !checkpointer.running, 'the worker to fail');

    expect(checkpointer.running).toBe(false);
    expect(fallBacks).toHaveLength(1);
    expect(fallBacks[0]!.message).toMatch(/directory does not exist|unable to open|not a directory/i);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);

    // Writes go on, checkpointed by SQLite itself every thousand pages.
    await write(sqlite, 50, 100, turn);
    expect(size(`${path}-wal`)).toBeLessThan(2 * 1000 * PAGE_BYTES);
    expect(sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: 5_000 });
    await checkpointer.close();
    sqlite.close();
  });
});
