import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

async function loadLog(events: number, programEvents: number): Promise<GeneratedLog> {
  const filename = join(makeTempDir(`log-${events}`), EVENTS_FILENAME);
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
