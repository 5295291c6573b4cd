/* eslint-disable @typescript-eslint/no-require-imports -- this body runs from its source text (see below) */

import type { SqliteThreadData } from '@app/event-store';

/** What the checkpointer's thread is started with. */
export interface CheckpointerSetup extends SqliteThreadData {
  filename: string;
}

/** One checkpoint's outcome, as `PRAGMA wal_checkpoint` reports it (frames in the WAL, frames copied). */
export type CheckpointAnswer = { log: number; checkpointed: number } | { error: string };

/**
 * The body of the checkpointer's thread (startSqliteThread: self-contained, `require` only). On each message
 * it runs a PASSIVE checkpoint on a connection of its own: it copies what the WAL holds into the database
 * file and waits for the disk there, never blocking the writer.
 */
export function walCheckpointThread(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const Database = require((workerData as CheckpointerSetup).driver) as typeof import('better-sqlite3');
  const port = parentPort as import('node:worker_threads').MessagePort;
  const db = new Database((workerData as CheckpointerSetup).filename, { fileMustExist: true });

  port.on('message', () => {
    let answer: CheckpointAnswer;
    try {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      answer = { log: result.log, checkpointed: result.checkpointed };
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
}
