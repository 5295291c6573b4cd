import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteEventStore, type EventToAppend } from '@app/event-store';
import type { Projection } from '../projection';
import { openProjectionDatabase } from '../projection-database';
import type { ProjectionLogger } from '../projection-runner.options';
import { ProjectionRunner } from '../projection-runner';
import type { ProjectionRunnerOptions } from '../projection-runner.options';
import type { StreamCount } from './test-projections';

/** Keeps what the runner logged, so tests can assert on it and the output stays quiet. */
export class CapturingLogger implements ProjectionLogger {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; message: string }> = [];
  info = (message: string) => void this.lines.push({ level: 'info', message });
  warn = (message: string) => void this.lines.push({ level: 'warn', message });
  error = (message: string) => void this.lines.push({ level: 'error', message });
}

/** A real event store and a real projections file in a temporary directory. */
export class RunnerFixture {
  readonly dir = mkdtempSync(join(tmpdir(), 'projections-'));
  readonly storeFile = join(this.dir, 'events.sqlite');
  readonly store = new SqliteEventStore({ filename: this.storeFile, durability: 'normal' });
  readonly logger = new CapturingLogger();
  private readonly runners: ProjectionRunner[] = [];
  private readonly dbs: Database.Database[] = [];
  /** The projections file the runners use unless told otherwise. */
  db: Database.Database;

  constructor() {
    this.db = this.openDb();
  }

  openDb(name = 'projections.sqlite'): Database.Database {
    const db = openProjectionDatabase(join(this.dir, name));
    this.dbs.push(db);
    return db;
  }

  runner(projections: Projection[], options: Partial<ProjectionRunnerOptions> = {}): ProjectionRunner {
    const runner = new ProjectionRunner({
      store: this.store,
      db: this.db,
      projections,
      logger: this.logger,
      ...options,
    });
    this.runners.push(runner);
    return runner;
  }

  /** Appends `count` events over `streams` streams (in appends of up to 500); returns the last position. */
  async append(
    count: number,
    { streams = 10, type = 'CounterIncremented', offset = 0 } = {},
  ): Promise<bigint> {
    let position = 0n;
    for (let start = 0; start < count; start += 500) {
      const size = Math.min(500, count - start);
      const bySlot = new Map<number, EventToAppend[]>();
      for (let index = start; index < start + size; index += 1) {
        const slot = (index + offset) % streams;
        const event = {
          id: randomUUID(),
          type,
          data: { index: index + offset, programId: `p${slot % 3}` },
          metadata: {},
        };
        bySlot.set(slot, [...(bySlot.get(slot) ?? []), event]);
      }
      for (const [slot, events] of bySlot) {
        position = (await this.store.append(`stream-${slot}`, events, { expectedRevision: 'any' })).position;
      }
    }
    return position;
  }

  async close(): Promise<void> {
    for (const runner of this.runners) await runner.stop().catch(() => undefined);
    await this.store.close();
    for (const db of this.dbs) if (db.open) db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function readCounts(runner: ProjectionRunner, name: string, table: string): StreamCount[] {
  return runner.reader.all<StreamCount>(name, `SELECT stream_id, events FROM {${table}} ORDER BY stream_id`);
}

export function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

export function indexNames(db: Database.Database, table: string): string[] {
  return db
    .prepare<[string], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
    )
    .all(table)
    .map((row) => row.name);
}

/** Polls `condition` on every turn of the event loop (the runner yields between batches). */
export async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await sleep(1);
  }
}
