import type Database from 'better-sqlite3';
import { DuplicateEventIdError, WrongExpectedRevisionError } from './event-store.errors';
import type { AppendResult, EventToAppend, ExpectedRevision } from './event-store.port';
import { satisfiesExpectedRevision } from './expected-revision';
import type { SqliteStatements } from './sqlite-statements';

export interface AppendRequest {
  streamId: string;
  events: EventToAppend[];
  expectedRevision: ExpectedRevision;
}

/**
 * Writes one append inside the caller's transaction. `write` runs in its own savepoint (a nested
 * better-sqlite3 transaction), so a refused append leaves nothing behind and the batch carries on.
 */
export function createAppendWriter(
  db: Database.Database,
  statements: SqliteStatements,
  positionGaps = false,
) {
  const insert = positionGaps
    ? (...row: InsertRow) => statements.insertAt.run(nextSparsePosition(statements), ...row)
    : (...row: InsertRow) => statements.insert.run(...row);
  const write = db.transaction((request: AppendRequest, recordedAt: string): AppendResult => {
    const head = statements.head.get(request.streamId);
    if (!satisfiesExpectedRevision(request.expectedRevision, head?.revision)) {
      throw new WrongExpectedRevisionError(
        request.streamId,
        request.expectedRevision,
        head?.revision ?? 'no_stream',
      );
    }
    let nextRevision = head?.revision ?? -1n;
    let position = head?.position ?? 0n;
    for (const event of request.events) {
      nextRevision += 1n;
      const info = insert(
        request.streamId,
        nextRevision,
        event.id,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      position = BigInt(info.lastInsertRowid);
    }
    return { nextRevision, position };
  });

  return (request: AppendRequest, recordedAt: string): AppendResult => {
    try {
      return write(request, recordedAt);
    } catch (error) {
      const duplicateId = isDuplicateEventId(error);
      if (!duplicateId && !(error instanceof WrongExpectedRevisionError)) throw error;
      // Either failure may be a retry of an append whose first attempt committed: answer it as EventStoreDB does.
      const retried = findRetriedAppend(statements, request);
      if (retried) return retried;
      if (duplicateId) throw new DuplicateEventIdError(request.streamId, existingIds(statements, request));
      throw error;
    }
  };
}

type InsertRow = [string, bigint, string, string, string, string, string];

/**
 * Positions with gaps, as EventStoreDB's are (byte offsets in its log): each event lands 2 to 64 past the
 * largest position ever handed out, the gap a function of that position (so two runs of the same appends
 * give the same positions). Read inside the write transaction, so replicas sharing the file agree.
 */
function nextSparsePosition(statements: SqliteStatements): bigint {
  const last = statements.lastPosition.get()?.[0] ?? 0n;
  return last + 2n + ((last * 2654435761n) % 63n);
}

/**
 * The original result when the stream holds exactly these event ids, in order, at consecutive revisions starting
 * where this append would have written (anywhere in the stream for 'any' and 'stream_exists').
 */
function findRetriedAppend(statements: SqliteStatements, request: AppendRequest): AppendResult | undefined {
  const ids = request.events.map((event) => event.id);
  if (ids.length === 0) return undefined;
  const rows = new Map(statements.byEventIds.all(JSON.stringify(ids)).map((row) => [row.event_id, row]));
  const first = rows.get(ids[0]);
  if (!first || rows.size !== ids.length) return undefined;
  const { expectedRevision } = request;
  const start =
    expectedRevision === 'no_stream'
      ? 0n
      : typeof expectedRevision === 'bigint'
        ? expectedRevision + 1n
        : undefined;
  if (start !== undefined && first.revision !== start) return undefined;
  const matches = ids.every((id, index) => {
    const row = rows.get(id);
    return row?.stream_id === request.streamId && row.revision === first.revision + BigInt(index);
  });
  const last = rows.get(ids[ids.length - 1]);
  return matches && last ? { nextRevision: last.revision, position: last.position } : undefined;
}

function existingIds(statements: SqliteStatements, request: AppendRequest): string[] {
  const ids = request.events.map((event) => event.id);
  const found = statements.byEventIds.all(JSON.stringify(ids)).map((row) => row.event_id);
  // None stored yet: the append itself repeats an id.
  return found.length > 0 ? found : ids.filter((id, index) => ids.indexOf(id) !== index);
}

function isDuplicateEventId(error: unknown): boolean {
  // Duck-typed: better-sqlite3 binds its error class once per process, so instanceof can miss it (e.g. in Jest).
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.event_id')
  );
}
