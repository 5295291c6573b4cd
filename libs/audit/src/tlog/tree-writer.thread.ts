/* eslint-disable @typescript-eslint/no-require-imports -- this body runs from its source text (see TreeWriter) */

import type Database from 'better-sqlite3';
import type { SqliteThreadData } from '@app/event-store';
import type { threadRangeFactory } from '../merkle/thread-range';
import type { leafDataOf } from './leaf-data';

/** What the tree writer's thread is started with (startSqliteThread adds the driver's path). */
export interface TreeWriterSetup extends SqliteThreadData {
  treeFile: string;
  /** The embedded store's file, read directly (its own read-only connection); absent for other stores. */
  eventsFile?: string;
  schema: string;
  /** The tree as the file holds it when the thread starts (read by the starter). */
  size: number;
  edge: Uint8Array[];
  lastPosition: bigint;
  substantiveSize: number;
  /** Events of this stream and type are signed checkpoints (see TreeLeaf.checkpoint). */
  auditStream: string;
  checkpointType: string;
  /** SQL condition on the events table: the tracker's streams (TRACKER_STREAMS_SQL); other rows are no leaves. */
  streamsCondition: string;
  page: number;
  rangeSource: string;
  leafDataSource: string;
}

export interface TreeState {
  size: number;
  lastPosition: bigint;
  substantiveSize: number;
}

export type TreeWriterRequest = { id: number } & (
  | { kind: 'catch_up' }
  | { kind: 'append'; leaves: { position: bigint; hash: string; checkpoint: boolean }[] }
  | { kind: 'reset' }
);

export type TreeWriterAnswer = { id: number } & ({ state: TreeState } | { error: string });

/**
 * The body of the tree writer's thread (run from its source text: self-contained, `require` only). The only
 * writer of the tree file: it appends leaves (from the embedded store's file, read page by page with the
 * hash extracted by SQLite, or as sent by its starter) with the shared thread range, each page and the size
 * it reaches in one transaction, and answers the state reached. Hashing and inserts stay off the thread that
 * serves requests and appends events.
 */
export function treeWriterThread(): void {
  const { parentPort, workerData } = require('node:worker_threads');
  const setup = workerData as TreeWriterSetup;
  const Sqlite = require(setup.driver) as typeof Database;
  const createRange = eval(`(${setup.rangeSource})()`) as ReturnType<typeof threadRangeFactory>;
  const leafData = eval(`(${setup.leafDataSource})`) as typeof leafDataOf;

  const db = new Sqlite(setup.treeFile);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(setup.schema);
  const rows: unknown[] = [];
  let position: bigint | null = null;
  const onNode = (level: number, index: number, hash: Buffer) => {
    rows.push(level, index, hash, level === 0 ? position : null);
  };
  let range = createRange(setup.size, setup.edge, onNode);
  const state: TreeState = {
    size: setup.size,
    lastPosition: setup.lastPosition,
    substantiveSize: setup.substantiveSize,
  };

  const CHUNK = 128;
  const insertSql = (count: number) =>
    `INSERT INTO tree_nodes (level, idx, hash, position) VALUES ${new Array(count).fill('(?, ?, ?, ?)').join(', ')}`;
  const insertFull = db.prepare(insertSql(CHUNK));
  const insertPartial = new Map<number, Database.Statement>();
  const insertRows = () => {
    const count = rows.length / 4;
    let offset = 0;
    for (; offset + CHUNK <= count; offset += CHUNK)
      insertFull.run(rows.slice(offset * 4, (offset + CHUNK) * 4));
    if (offset < count) {
      const rest = count - offset;
      let statement = insertPartial.get(rest);
      if (!statement) insertPartial.set(rest, (statement = db.prepare(insertSql(rest))));
      statement.run(rows.slice(offset * 4));
    }
    rows.length = 0;
  };
  const saveState = db.prepare(
    `INSERT INTO tree_state (id, size, last_position, substantive_size) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET size = excluded.size, last_position = excluded.last_position,
       substantive_size = excluded.substantive_size`,
  );
  const write = db.transaction((leaves: { position: bigint; hash: unknown; checkpoint: unknown }[]) => {
    for (const leaf of leaves) {
      if (leaf.position <= state.lastPosition && range.size > 0) {
        throw new Error(
          `the log went back: position ${leaf.position} after ${state.lastPosition} (a different store?)`,
        );
      }
      position = leaf.position;
      range.append(leafData(leaf.hash), 0);
      state.lastPosition = leaf.position;
      if (!leaf.checkpoint) state.substantiveSize = range.size;
    }
    insertRows();
    state.size = range.size;
    saveState.run(state.size, state.lastPosition, state.substantiveSize);
  });
  /** Runs `change`; when it fails, the transaction rolled back, and so do the edge and the state. */
  const guarded = (change: () => void) => {
    const before = { ...state, edge: range.edge() };
    try {
      change();
    } catch (error) {
      rows.length = 0;
      Object.assign(state, {
        size: before.size,
        lastPosition: before.lastPosition,
        substantiveSize: before.substantiveSize,
      });
      range = createRange(before.size, before.edge, onNode);
      throw error;
    }
  };

  const events = setup.eventsFile
    ? new Sqlite(setup.eventsFile, { readonly: true, fileMustExist: true })
    : undefined;
  const readPage = events
    ?.prepare(
      `SELECT position, (stream_id = ? AND type = ?) AS checkpoint, json_extract(metadata, '$.hash') AS hash
       FROM events WHERE position > ? AND ${setup.streamsCondition} AND json_valid(data) AND json_valid(metadata)
       ORDER BY position LIMIT ?`,
    )
    .safeIntegers(true);

  parentPort.on('message', (request: TreeWriterRequest) => {
    try {
      if (request.kind === 'reset') {
        db.exec('DELETE FROM tree_nodes; DELETE FROM tree_state;');
        Object.assign(state, { size: 0, lastPosition: 0n, substantiveSize: 0 });
        range = createRange(0, [], onNode);
      } else if (request.kind === 'append') {
        guarded(() => write(request.leaves));
      } else if (readPage) {
        for (;;) {
          const page = readPage.all(
            setup.auditStream,
            setup.checkpointType,
            state.lastPosition,
            setup.page,
          ) as {
            position: bigint;
            checkpoint: bigint;
            hash: unknown;
          }[];
          guarded(() => write(page.map((row) => ({ ...row, checkpoint: row.checkpoint === 1n }))));
          if (page.length < setup.page) break;
        }
      } else {
        throw new Error('catch_up needs the embedded store file; send the leaves instead');
      }
      parentPort.postMessage({ id: request.id, state: { ...state } } satisfies TreeWriterAnswer);
    } catch (error) {
      parentPort.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies TreeWriterAnswer);
    }
  });
}
