import type { Worker } from 'node:worker_threads';
import type { RecordedEvent } from './event-store.port';
import { EventStoreUnavailableError } from './event-store.errors';
import {
  pageReaderThread,
  type ColumnPage,
  type PageAnswer,
  type PageReaderSetup,
  type PageRequest,
  type ReaderReady,
} from './sqlite-page-reader.thread';
import { READ_ALL_SQL } from './sqlite-statements';
import { startSqliteThread } from './sqlite-thread';
import { StoredEvent } from './stored-event';

interface Pending {
  resolve(events: RecordedEvent[]): void;
  reject(error: Error): void;
}

/**
 * Reads pages of the global log on a thread of its own (its own connection to the store's file), so that a
 * reader that applies one page while the next is read, like the projection runner catching up, gets them read
 * on the other core. The calling thread only turns the columns it receives into events (parsing data and
 * metadata): stepping through SQLite and building the row texts cost it as much again.
 *
 * The answers are those of the same statement run on the store's connection: a read sees every append
 * committed before it was asked for. The thread takes a moment to start (loading the driver, opening the
 * file): `ready` says when it can answer at once; reads asked for before are answered once it can. If the
 * thread fails, pending reads reject as unavailable and `ready` stays or turns false.
 */
export class SqlitePageReader {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private started = false;
  private closing = false;

  constructor(filename: string) {
    // Unref'd but while reads are pending: only then does it keep the process alive.
    this.worker = startSqliteThread<Omit<PageReaderSetup, 'driver'>>(pageReaderThread, {
      filename,
      sql: READ_ALL_SQL,
    });
    this.worker.on('message', (answer: PageAnswer | ReaderReady) => {
      if ('ready' in answer) this.started = true;
      else this.settle(answer);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`The page reader thread exited (code ${code})`)));
  }

  /** Started, and neither failed nor closed. */
  get ready(): boolean {
    return this.started && this.failure === undefined && !this.closing;
  }

  /** The events after `after`, at most `maxCount`, in position order. */
  read(after: bigint, maxCount: number): Promise<RecordedEvent[]> {
    if (this.failure !== undefined || this.closing) return Promise.reject(this.unavailable());
    const id = this.nextId++;
    const request: PageRequest = { id, after, maxCount };
    return new Promise<RecordedEvent[]>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.rejectAll(this.unavailable());
    await this.worker.terminate();
  }

  private settle(answer: PageAnswer): void {
    const pending = this.pending.get(answer.id);
    if (pending === undefined) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('error' in answer)
      pending.reject(new EventStoreUnavailableError(`Reading the log failed: ${answer.error}`));
    else pending.resolve(eventsOf(answer.page));
  }

  private fail(error: Error): void {
    if (this.closing) return;
    this.failure ??= error;
    this.rejectAll(this.unavailable());
  }

  private rejectAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    this.worker.unref();
  }

  private unavailable(): EventStoreUnavailableError {
    return new EventStoreUnavailableError('The page reader of the event store is closed or failed', {
      cause: this.failure,
    });
  }
}

function eventsOf(page: ColumnPage): RecordedEvent[] {
  const { positions, streamIds, revisions, eventIds, types, data, metadata, recordedAt } = page;
  const events = new Array<RecordedEvent>(positions.length);
  for (let index = 0; index < events.length; index += 1) {
    events[index] = new StoredEvent(
      positions[index],
      streamIds[index],
      revisions[index],
      eventIds[index],
      types[index],
      data[index],
      metadata[index],
      recordedAt[index],
    );
  }
  return events;
}
