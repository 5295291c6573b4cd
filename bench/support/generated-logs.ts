import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore, type AppendResult } from '@app/event-store';
import { generateLog, PROGRAM_EVENTS } from './event-generator';
import { formatCount, formatNumber } from './table';
import { makeTempDir } from './temp-dirs';
import { now } from './timing';

/**
 * Generated logs in SqliteEventStore files, made once per run and shared by the read parts (removed with the
 * run's other temp dirs). Loading goes through the store's own append: appends issued in one event-loop turn
 * share one transaction (group commit), so each commit carries about LOAD_COMMIT_EVENTS events while every
 * append keeps its own expected revision. Loading uses synchronous=NORMAL: it is set-up, not measured.
 *
 * BENCH_LOG_DIR=<dir> keeps the logs there across runs instead (a 10M-event log takes 20-40 minutes to
 * generate): a log is reused when its description file says it is complete, and never removed by the bench.
 * Parts only read these files (or copy them); the API never runs on one directly.
 */

export const EVENTS_FILENAME = 'events.sqlite';
const LOAD_COMMIT_EVENTS = 1000;

export interface GeneratedLog {
  events: number;
  /** The store file (closed, WAL checkpointed into it): copy it, or open it read-only. */
  filename: string;
  head: bigint;
  appends: number;
  commits: number;
  loadMs: number;
  megabytes: number;
}

const logs = new Map<string, Promise<GeneratedLog>>();

/**
 * The log of `events` generated events in programs of `programEvents`, generated and loaded on first use in
 * this run.
 */
export function generatedLog(events: number, programEvents = PROGRAM_EVENTS): Promise<GeneratedLog> {
  const key = `${events}/${programEvents}`;
  let log = logs.get(key);
  if (log === undefined) {
    log = loadLog(events, programEvents);
    logs.set(key, log);
  }
  return log;
}

/** Puts a copy of the log in `dataDir` as the API expects it. */
export function copyLogTo(log: GeneratedLog, dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(log.filename, join(dataDir, EVENTS_FILENAME));
}

/** Where a kept log lives (BENCH_LOG_DIR), or undefined for a temp dir of this run. */
function keptLogDir(events: number, programEvents: number): string | undefined {
  const root = process.env.BENCH_LOG_DIR;
  return root ? resolve(root, `log-${events}-${programEvents}-g${GENERATOR_VERSION}`) : undefined;
}

const DESCRIPTION = 'log.json';
/** Bumped when the generator writes other events: a kept log of another version is not reused. */
const GENERATOR_VERSION = 2;

function reuseKeptLog(dir: string, events: number): GeneratedLog | undefined {
  const description = join(dir, DESCRIPTION);
  if (!existsSync(description)) return undefined;
  const kept = JSON.parse(readFileSync(description, 'utf8')) as Omit<GeneratedLog, 'head'> & { head: string };
  const log = { ...kept, filename: join(dir, EVENTS_FILENAME), head: BigInt(kept.head) };
  if (log.events !== events || !existsSync(log.filename) || lastPosition(log.filename) !== log.head)
    return undefined;
  console.log(`   generated log: ${formatCount(events)} events kept in ${dir} (BENCH_LOG_DIR), reused`);
  return log;
}

function lastPosition(filename: string): bigint {
  const db = new Database(filename, { readonly: true });
  try {
    db.defaultSafeIntegers(true);
    return BigInt(
      (db.prepare('SELECT MAX(position) AS head FROM events').get() as { head: bigint | null }).head ?? 0n,
    );
  } finally {
    db.close();
  }
}

async function loadLog(events: number, programEvents: number): Promise<GeneratedLog> {
  const kept = keptLogDir(events, programEvents);
  if (kept) {
    const reused = reuseKeptLog(kept, events);
    if (reused) return reused;
    rmSync(kept, { recursive: true, force: true });
    mkdirSync(kept, { recursive: true });
  }
  const filename = join(kept ?? makeTempDir(`log-${events}`), EVENTS_FILENAME);
  const store = new SqliteEventStore({ filename, durability: 'normal' });
  const started = now();
  let appends = 0;
  let head = 0n;
  try {
    let pending: Promise<AppendResult>[] = [];
    let pendingEvents = 0;
    const flush = async () => {
      for (const result of await Promise.all(pending)) if (result.position > head) head = result.position;
      pending = [];
      pendingEvents = 0;
    };
    for (const chunk of generateLog(events, undefined, programEvents)) {
      const expectedRevision = chunk.firstRevision === 0 ? 'no_stream' : BigInt(chunk.firstRevision - 1);
      pending.push(store.append(chunk.streamId, chunk.events, { expectedRevision }));
      appends++;
      pendingEvents += chunk.events.length;
      if (pendingEvents >= LOAD_COMMIT_EVENTS) await flush();
    }
    await flush();
    const { commits } = store.stats();
    await store.close();
    const loadMs = now() - started;
    const log = {
      events,
      filename,
      head,
      appends,
      commits,
      loadMs,
      megabytes: statSync(filename).size / 1e6,
    };
    if (head !== BigInt(events)) throw new Error(`Loaded ${head} events instead of ${events}`);
    if (kept) {
      const description = join(kept, DESCRIPTION);
      writeFileSync(`${description}.tmp`, JSON.stringify({ ...log, head: String(head) }));
      renameSync(`${description}.tmp`, description);
    }
    console.log(
      `   generated log: ${formatCount(events)} events in ${formatCount(appends)} appends / ` +
        `${formatCount(commits)} commits, ${formatNumber(log.megabytes)} MB, loaded in ` +
        `${formatNumber(loadMs / 1000)} s (synchronous=NORMAL for loading only)`,
    );
    return log;
  } catch (error) {
    await store.close();
    throw error;
  }
}
