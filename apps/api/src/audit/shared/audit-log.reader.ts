import { Inject, Injectable } from '@nestjs/common';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AUDIT_STREAM, TRACKER_STREAMS_SQL, type AuditEvent } from '@app/audit';
import {
  EVENT_STORE,
  FilteredEventStore,
  unreadableReason,
  type EventRow,
  type EventStore,
  type RecordedEvent,
} from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';

export type StoredEvent = AuditEvent & { id: string; recordedAt: string };

const PAGE = 1000;
/** Rows between two yields to the event loop while streaming the embedded file. */
const YIELD_EVERY = 5000;

/**
 * The log as stored, for verification and evidence: in position order, streamed (bounded memory), never
 * upcast and never from a cache. For the embedded store the SQLite file itself is read, row by row on a
 * read-only connection of its own, so an unparseable row is reported in place instead of failing the read.
 * Only the tracker's streams are read (TRACKER_STREAMS_SQL; through the port, FilteredEventStore), the same
 * rule as the Merkle tree's leaves follow.
 */
@Injectable()
export class AuditLogReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Events with fromPosition < position <= toPosition (defaults: whole log). */
  log(fromPosition = 0n, toPosition?: bigint): AsyncGenerator<StoredEvent> {
    return this.config.eventStoreConnectionString
      ? this.fromPort(fromPosition, toPosition)
      : this.fromFile(
          `SELECT * FROM events WHERE position > ? AND position <= ? AND ${TRACKER_STREAMS_SQL} ORDER BY position`,
          fromPosition,
          toPosition ?? 9223372036854775807n,
        );
  }

  /** The audit stream in revision order. */
  async auditStream(): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    const source = this.config.eventStoreConnectionString
      ? this.portAuditStream()
      : this.fromFile('SELECT * FROM events WHERE stream_id = ? ORDER BY revision', AUDIT_STREAM);
    for await (const event of source) events.push(event);
    return events;
  }

  private open(): Database.Database {
    const db = new Database(join(this.config.dataDir, 'events.sqlite'), {
      readonly: true,
      fileMustExist: true,
    });
    db.defaultSafeIntegers(true);
    return db;
  }

  private async *fromFile(sql: string, ...params: unknown[]): AsyncGenerator<StoredEvent> {
    const db = this.open();
    try {
      let count = 0;
      // One read transaction for the whole pass: a consistent snapshot even while writes go on (WAL).
      db.exec('BEGIN');
      for (const row of db.prepare<unknown[], EventRow>(sql).iterate(...params)) {
        yield rowToEvent(row);
        if (++count % YIELD_EVERY === 0) await nextTurn();
      }
    } finally {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    }
  }

  private async *fromPort(fromPosition: bigint, toPosition?: bigint): AsyncGenerator<StoredEvent> {
    for (let from = fromPosition; ;) {
      // Through the tracker's filter, the unreadable events of its streams are kept, for the verdict to name.
      const options = { fromPosition: from, maxCount: PAGE };
      const page =
        this.store instanceof FilteredEventStore
          ? await this.store.readAllWithUnreadable(options)
          : await this.store.readAll(options);
      for (const event of page) {
        if (toPosition !== undefined && event.position > toPosition) return;
        yield recordedToStored(event);
      }
      if (page.length < PAGE) return;
      from = page[page.length - 1].position;
    }
  }

  private async *portAuditStream(): AsyncGenerator<StoredEvent> {
    for (const event of await this.store.readStream(AUDIT_STREAM)) yield recordedToStored(event);
  }
}

function recordedToStored(event: RecordedEvent): StoredEvent {
  const unreadable = unreadableReason(event);
  if (unreadable !== undefined) return { ...event, data: undefined, metadata: {}, unreadable };
  return { ...event, metadata: event.metadata };
}

function rowToEvent(row: EventRow): StoredEvent {
  const base = {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    id: row.event_id,
    type: row.type,
    recordedAt: row.recorded_at,
  };
  try {
    return {
      ...base,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    };
  } catch (error) {
    return {
      ...base,
      data: undefined,
      metadata: {},
      unreadable: error instanceof Error ? error.message : String(error),
    };
  }
}
