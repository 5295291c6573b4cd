/* eslint-disable @typescript-eslint/no-require-imports -- this body runs from its source text (see below) */

import type { SqliteThreadData } from './sqlite-thread';

/** What the page reader's thread is started with. */
export interface PageReaderSetup extends SqliteThreadData {
  filename: string;
  /** The read-all statement: `position > ?1 ... LIMIT ?2`, the columns of an `events` row in their order. */
  sql: string;
}

export interface PageRequest {
  id: number;
  after: bigint;
  maxCount: number;
}

/** A page of the log column by column: numbers in typed arrays (moved, not copied), texts in arrays. */
export interface ColumnPage {
  positions: BigInt64Array;
  streamIds: string[];
  revisions: BigInt64Array;
  eventIds: string[];
  types: string[];
  data: string[];
  metadata: string[];
  recordedAt: string[];
}

export type PageAnswer = { id: number; page: ColumnPage } | { id: number; error: string };

/** Sent once, when the thread has opened its connection. */
export interface ReaderReady {
  ready: true;
}

/**
 * The body of the page reader's thread (startSqliteThread: self-contained, `require` only). It opens its own read-only connection to the store's file and answers page requests in order.
 */
export function pageReaderThread(): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const Database = require((workerData as PageReaderSetup).driver) as typeof import('better-sqlite3');
  const setup = workerData as PageReaderSetup;
  const port = parentPort as import('node:worker_threads').MessagePort;
  const db = new Database(setup.filename, { fileMustExist: true });
  db.pragma('query_only = ON');
  db.defaultSafeIntegers(true);
  const statement = db.prepare<[bigint, number], unknown[]>(setup.sql).raw(true);
  port.postMessage({ ready: true } satisfies ReaderReady);

  port.on('message', ({ id, after, maxCount }: PageRequest) => {
    let answer: PageAnswer;
    const moved: ArrayBuffer[] = [];
    try {
      const rows = statement.all(after, maxCount);
      const count = rows.length;
      const page: ColumnPage = {
        positions: new BigInt64Array(count),
        streamIds: new Array<string>(count),
        revisions: new BigInt64Array(count),
        eventIds: new Array<string>(count),
        types: new Array<string>(count),
        data: new Array<string>(count),
        metadata: new Array<string>(count),
        recordedAt: new Array<string>(count),
      };
      for (let index = 0; index < count; index += 1) {
        const row = rows[index];
        page.positions[index] = row[0] as bigint;
        page.streamIds[index] = row[1] as string;
        page.revisions[index] = row[2] as bigint;
        page.eventIds[index] = row[3] as string;
        page.types[index] = row[4] as string;
        page.data[index] = row[5] as string;
        page.metadata[index] = row[6] as string;
        page.recordedAt[index] = row[7] as string;
      }
      answer = { id, page };
      moved.push(page.positions.buffer as ArrayBuffer, page.revisions.buffer as ArrayBuffer);
    } catch (error) {
      answer = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer, moved);
  });
}
