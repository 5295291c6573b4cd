import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@app/event-store';
import {
  openProjectionDatabase,
  ProjectionRunner,
  readModelProjections,
  type ProjectionLogger,
} from '@app/projections';
import { peakRssMb } from '../support/child';
import type { Durability } from '../support/options';
import { now } from '../support/timing';

/**
 * One measured run in a process of its own (forked by rebuild.bench.ts), so that its peak RSS is its own and
 * not the loader's: 'rebuild' feeds the read models from the log through a real ProjectionRunner into a fresh
 * projections file, timed twice: when the read models that serve (every one but the trailing ones, e.g. the
 * as-of index: Projection.trailing) reach the head, which is when a new replica serves live progress and
 * read-your-writes, and when every one (the trailing ones included) does; 'raw' scans the same events table with better-sqlite3 and parses data and metadata;
 * 'hash' scans it and hashes each row's data and metadata text with SHA-256 (the least any verification of the
 * log does: the scale part's baseline for the API's verification).
 */

export interface RebuildRequest {
  mode: 'raw' | 'hash' | 'rebuild';
  /** The store file (opened by the store in 'rebuild', read-only in the scans). */
  eventsFile: string;
  /** A fresh file for the read models ('rebuild' only). */
  projectionsFile: string;
  head: string;
  durability: Durability;
}

export interface RebuildReport {
  mode: RebuildRequest['mode'];
  events: number;
  /** The scan's time; a rebuild's until every read model but the trailing ones reached the head. */
  elapsedMs: number;
  /** CPU time of the process (user + system, every thread) over elapsedMs. */
  cpuMs: number;
  /** 'rebuild': until every read model, the trailing ones included, reached the head; and its CPU time. */
  allElapsedMs?: number;
  allCpuMs?: number;
  /** 'rebuild': the trailing read models (not waited for by elapsedMs). */
  trailing?: string[];
  /** Peak resident set of this process (getrusage ru_maxrss), imports included. */
  peakRssMb: number;
  /** Resident set once the modules were loaded, before the run. */
  startRssMb: number;
  /** e.g. "wal/NORMAL", read back from the projections file ('rebuild'). */
  readSide?: string;
  /** name=checkpoint of every projection after the run ('rebuild'). */
  checkpoints?: string[];
  problems: string[];
}

const mb = (bytes: number): number => bytes / (1024 * 1024);
/** CPU time of the process so far, every thread (the store's reader and the WAL checkpointer included). */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const RAW_SQL =
  'SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at FROM events ORDER BY position';
const WAIT_MS = 30 * 60_000;

interface RawRow {
  data: string;
  metadata: string;
}

function rawScan(request: RebuildRequest, problems: string[]): number {
  const db = new Database(request.eventsFile, { readonly: true });
  try {
    db.defaultSafeIntegers(true); // as the store reads them
    let count = 0;
    let incomplete = 0;
    for (const row of db.prepare(RAW_SQL).iterate() as IterableIterator<RawRow>) {
      const data = JSON.parse(row.data) as { programId?: unknown };
      const metadata = JSON.parse(row.metadata) as { hash?: unknown };
      if (data.programId === undefined || metadata.hash === undefined) incomplete++;
      count++;
    }
    if (incomplete > 0) problems.push(`${incomplete} rows without programId or hash`);
    return count;
  } finally {
    db.close();
  }
}

function hashScan(request: RebuildRequest): number {
  const db = new Database(request.eventsFile, { readonly: true });
  try {
    let count = 0;
    for (const row of db.prepare(RAW_SQL).iterate() as IterableIterator<RawRow>) {
      createHash('sha256').update(row.data).update(row.metadata).digest('hex');
      count++;
    }
    return count;
  } finally {
    db.close();
  }
}

async function rebuild(request: RebuildRequest, report: RebuildReport): Promise<void> {
  const logger: ProjectionLogger = {
    info: () => undefined,
    warn: (message) => report.problems.push(message),
    error: (message) => report.problems.push(message),
  };
  const store = new SqliteEventStore({ filename: request.eventsFile, durability: request.durability });
  const db = openProjectionDatabase(request.projectionsFile);
  const runner = new ProjectionRunner({ store, db, projections: readModelProjections, logger });
  report.trailing = readModelProjections.filter((p) => p.trailing).map((p) => p.name);
  try {
    const head = BigInt(request.head);
    const [started, cpuStarted] = [now(), cpuMs()];
    await runner.start();
    const serving = await runner.waitForPosition(head, WAIT_MS);
    [report.elapsedMs, report.cpuMs] = [now() - started, cpuMs() - cpuStarted];
    const all = serving && (await runner.waitForPosition(head, WAIT_MS, { trailing: true }));
    [report.allElapsedMs, report.allCpuMs] = [now() - started, cpuMs() - cpuStarted];
    if (!all) report.problems.push(`did not reach position ${head} within ${WAIT_MS} ms`);
    await runner.stop();
    report.events = Number(head);
    report.checkpoints = runner.status().map((status) => `${status.name}=${status.checkpoint}`);
    report.readSide = `${String(db.pragma('journal_mode', { simple: true }))}/${['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(db.pragma('synchronous', { simple: true }))]}`;
  } finally {
    db.close();
    await store.close();
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as RebuildRequest;
  const report: RebuildReport = {
    mode: request.mode,
    events: 0,
    elapsedMs: 0,
    cpuMs: 0,
    peakRssMb: 0,
    startRssMb: mb(process.memoryUsage().rss),
    problems: [],
  };
  if (request.mode !== 'rebuild') {
    const [started, cpuStarted] = [now(), cpuMs()];
    report.events = request.mode === 'raw' ? rawScan(request, report.problems) : hashScan(request);
    [report.elapsedMs, report.cpuMs] = [now() - started, cpuMs() - cpuStarted];
  } else {
    await rebuild(request, report);
  }
  report.peakRssMb = peakRssMb();
  process.send?.(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
