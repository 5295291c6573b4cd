import Database from 'better-sqlite3';
import type { DomainEvent } from '@app/domain';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import { GenerationContext } from '../../runner/generation-context';
import type { ChangeNotice, Projection } from '../../runner/projection';

/** Test-only: a step of the log as a projection receives it, before its position is given. */
export type LogEntry = Omit<RecordedEvent, 'position' | 'revision' | 'id' | 'streamId'>;

/** A domain event, logged: happened at `occurredAt`, recorded at `recordedAt` (the same unless said). */
export function logged(
  event: DomainEvent,
  occurredAt: string,
  recordedAt = occurredAt,
  actor: string | undefined = 'ops',
): LogEntry {
  const metadata: JsonObject = { occurredAt, recordedAt };
  if (actor !== undefined) metadata.actor = actor;
  return { type: event.type, data: event.data as unknown as JsonObject, metadata, recordedAt };
}

/** An event as it may sit in the log: another application's, or one written behind the API's back. */
export function raw(
  type: string,
  data: JsonObject,
  metadata: JsonObject = {},
  recordedAt = '2014-04-01T00:00:00.000Z',
): LogEntry {
  return { type, data, metadata, recordedAt };
}

/** The ways the runner applies a run of events: each must leave the same tables and report the same changes. */
const PATHS = ['one event at a time', 'one batch', 'batches of three'] as const;
type Path = (typeof PATHS)[number];

interface Outcome {
  db: Database.Database;
  notices: ChangeNotice[];
}

/** The projection's tables in an in-memory SQLite, named as they are logically, and its context on them. */
export function inMemory(projection: Projection): { db: Database.Database; context: GenerationContext } {
  const db = new Database(':memory:');
  const tables = new Map(projection.tables.map((table) => [table.logical, table.logical]));
  for (const table of projection.tables) {
    for (const statement of [...table.ddl(table.logical), ...(table.indexes?.(table.logical) ?? [])])
      db.exec(statement);
  }
  return { db, context: new GenerationContext(db, projection.name, tables) };
}

/** The entries of a log at positions 1, 2, ... */
export function positioned(log: readonly LogEntry[]): RecordedEvent[] {
  return log.map((entry, index) => ({
    ...entry,
    id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
    streamId: 'stream',
    revision: BigInt(index),
    position: BigInt(index + 1),
  }));
}

function run(projection: Projection, events: RecordedEvent[], path: Path): Outcome {
  const { db, context } = inMemory(projection);
  const notices: ChangeNotice[] = [];
  const applyOne = (event: RecordedEvent) => notices.push(...(projection.apply(event, context) ?? []));
  const applyMany = (batch: RecordedEvent[]) => {
    // As the runner does: a run of one event goes through `apply`.
    if (batch.length === 1 || !projection.applyBatch) batch.forEach(applyOne);
    else notices.push(...(projection.applyBatch(batch, context) ?? []));
  };
  if (path === 'one event at a time') events.forEach(applyOne);
  else if (path === 'one batch') applyMany(events);
  else for (let from = 0; from < events.length; from += 3) applyMany(events.slice(from, from + 3));
  return { db, notices };
}

/** Distinct notices, sorted: the runner merges them per batch, so neither order nor repeats matter. */
function distinct(notices: ChangeNotice[]): ChangeNotice[] {
  const byKey = new Map(notices.map((n) => [`${n.programId}\u0000${n.market ?? ''}`, n]));
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, n]) => n);
}

export interface ReadModelStory {
  /** Every row of `table` (ordered by `orderBy`) is exactly `rows`, whichever path applied the log. */
  then(table: string, rows: readonly object[], orderBy?: string): ReadModelStory;
  /** The parts of the read side reported as changed are exactly these, whichever path applied the log. */
  thenChanged(expected: readonly ChangeNotice[]): ReadModelStory;
  /** Applying the log fails (the event is poison) with this message, whichever path applied it. */
  thenFails(message: string | RegExp): void;
}

/**
 * Given/then over a read model: `given(projection, [logged(...), ...]).then('table', rows)`. The log is
 * applied through every path the runner takes (event by event, one batch, batches of three) on a real
 * in-memory SQLite, and every path must give exactly the expected rows: a bug in either path fails.
 */
export function given(projection: Projection, log: readonly LogEntry[]): ReadModelStory {
  const events = positioned(log);
  const outcomes = new Map<Path, Outcome>();
  const outcome = (path: Path): Outcome => {
    let found = outcomes.get(path);
    if (!found) outcomes.set(path, (found = run(projection, events, path)));
    return found;
  };
  const story: ReadModelStory = {
    then(table, rows, orderBy = '1, 2') {
      for (const path of PATHS) {
        const actual = outcome(path).db.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).all();
        expect({ path, rows: actual }).toEqual({ path, rows });
      }
      return story;
    },
    thenChanged(expected) {
      for (const path of PATHS) {
        expect({ path, changed: distinct(outcome(path).notices) }).toEqual({
          path,
          changed: distinct([...expected]),
        });
      }
      return story;
    },
    thenFails(message) {
      for (const path of PATHS) {
        expect(() => run(projection, events, path)).toThrow(message);
      }
    },
  };
  return story;
}
