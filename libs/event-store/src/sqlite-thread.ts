import { Worker } from 'node:worker_threads';

/** What every SQLite thread is started with, besides its own setup. */
export interface SqliteThreadData {
  /** Resolved path of better-sqlite3, so that the thread loads the same driver as its starter. */
  driver: string;
}

/**
 * Starts a thread that runs `body` from its source text (a Worker with `eval: true`), so that it needs no
 * compiled file of its own in any of the ways the code runs (built, under swc-node, under Jest): `body` must be
 * self-contained (no imports, no outer names, `require` only) and finds `setup` and the driver's path in
 * `workerData`. The thread starts without the parent's execArgv: a `-r` loader such as swc-node would load
 * the TypeScript compiler into it (430 ms to start instead of 70). It is unref'd: it keeps the process alive
 * only while its starter refs it.
 */
export function startSqliteThread<Setup extends object>(body: () => void, setup: Setup): Worker {
  const data: Setup & SqliteThreadData = { ...setup, driver: require.resolve('better-sqlite3') };
  const worker = new Worker(`(${body.toString()})()`, { eval: true, workerData: data, execArgv: [] });
  worker.unref();
  return worker;
}
