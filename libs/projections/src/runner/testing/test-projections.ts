import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../projection';

export interface CounterOptions {
  name?: string;
  version?: number;
  /** Added per event: a new version of the projection counts differently. */
  weight?: number;
  /** Throws on matching events, AFTER writing: a poison event must leave no trace of its partial work. */
  poison?: (event: RecordedEvent) => boolean;
  /** Called with each event applied (to count attempts). */
  onApply?: (event: RecordedEvent) => void;
  /** Declares a deferred index `<physical>_by_events` (ProjectionTable.indexes). */
  indexed?: boolean;
  /** Marks it trailing (Projection.trailing). */
  trailing?: boolean;
}

export interface StreamCount {
  stream_id: string;
  events: number;
}

/** Counts events per stream in `<name>_counts`; announces the program (or stream) of each event. */
export function streamCounter(options: CounterOptions = {}): Projection & { table: string } {
  const name = options.name ?? 'stream_counter';
  const table = `${name}_counts`;
  const weight = options.weight ?? 1;
  return {
    name,
    table,
    version: options.version ?? 1,
    ...(options.trailing ? { trailing: true } : {}),
    tables: [
      {
        logical: table,
        ddl: (physical) => [
          `CREATE TABLE ${physical} (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL, last_position INTEGER NOT NULL)`,
        ],
        indexes: options.indexed
          ? (physical) => [`CREATE INDEX IF NOT EXISTS ${physical}_by_events ON ${physical} (events)`]
          : undefined,
      },
    ],
    apply(event: RecordedEvent, context: ProjectionContext): ChangeNotice[] {
      options.onApply?.(event);
      context.run(
        `INSERT INTO {${table}} (stream_id, events, last_position) VALUES (?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET events = events + excluded.events, last_position = excluded.last_position`,
        event.streamId,
        weight,
        event.position,
      );
      if (options.poison?.(event)) throw new Error(`Cannot count ${event.type} ${String(event.data.index)}`);
      const programId = typeof event.data.programId === 'string' ? event.data.programId : event.streamId;
      return [{ programId }];
    },
  };
}

/** Counts events per type in `events_by_type`; ignores nothing, announces nothing. */
export function eventsByType(name = 'events_by_type'): Projection {
  return {
    name,
    version: 1,
    tables: [
      {
        logical: 'events_by_type',
        ddl: (physical) => [
          `CREATE TABLE ${physical} (type TEXT PRIMARY KEY, count INTEGER NOT NULL)`,
          `CREATE INDEX ${physical}_by_count ON ${physical} (count)`,
        ],
      },
    ],
    apply(event, context) {
      context.run(
        'INSERT INTO {events_by_type} (type, count) VALUES (?, 1) ON CONFLICT (type) DO UPDATE SET count = count + 1',
        event.type,
      );
    },
  };
}
