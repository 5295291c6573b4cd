import type Database from 'better-sqlite3';
import { CatchUpSubscription } from './catch-up.subscription';
import { EventStoreUnavailableError, InvalidPositionError } from './event-store.errors';
import {
  DEFAULT_READ_ALL_MAX_COUNT,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from './event-store.port';
import { GroupCommitQueue, type Outcome } from './group-commit.queue';
import { createAppendWriter, type AppendRequest } from './sqlite-append';
import { SqlitePageReader } from './sqlite-page-reader';
import { openEventDatabase, type SqliteDurability } from './sqlite-schema';
import { MAX_REVISION, prepareStatements, toRecordedEvent, type SqliteStatements } from './sqlite-statements';

export interface SqliteEventStoreOptions {
  filename: string;
  /** 'full' (default) survives power loss; 'normal' only kill -9. See openEventDatabase. */
  durability?: SqliteDurability;
  /** Source of `recordedAt`. */
  clock?: () => Date;
  /**
   * Large `readAll` pages (PAGE_READER_MIN_COUNT events or more) are read on a thread of their own (see
   * SqlitePageReader): on by default; false reads everything on the calling thread.
   */
  readerThread?: boolean;
  /**
   * How long one commit waits for another process's write lock (replicas sharing the file) before SQLite
   * answers SQLITE_BUSY; the wait blocks this process's event loop (better-sqlite3 is synchronous). Default 1 s.
   */
  busyTimeoutMs?: number;
  /** How long an append that met SQLITE_BUSY keeps trying again (the event loop runs in between). Default 10 s. */
  busyRetryMs?: number;
  /**
   * Sparse positions (`EMBEDDED_POSITION_GAPS=true`): each event lands 2 to 64 past the previous position
   * instead of right after it, as on EventStoreDB, whose positions are byte offsets. Positions stay strictly
   * increasing and opaque; nothing may count with them. Off by default; the e2e suite runs once with it on
   * (the e2e-gapped Jest project) to catch code that takes positions for counts or `position - 1` for the previous
   * event. Affects only appends made with it on.
   */
  positionGaps?: boolean;
}

/** Counters since open: `commits` < `appends` shows group commit at work (useful next to benchmark figures). */
export interface SqliteEventStoreStats {
  /** Transactions committed (one fsync each with durability 'full'). */
  commits: number;
  /** Appends carried by those transactions, refused ones included. */
  appends: number;
  /** Appends tried again because another process held the write lock past the busy timeout. */
  busyRetries: number;
}

export interface SqliteEventStoreSettings {
  filename: string;
  journalMode: string;
  synchronous: 'off' | 'normal' | 'full' | 'extra';
  schemaVersion: number;
}

const SUBSCRIPTION_PAGE_SIZE = 500;
/** Smaller pages are read on the calling thread: the hop to the reader thread would cost more than it saves. */
export const PAGE_READER_MIN_COUNT = 256;
/**
 * While a subscription is at the head it reads on after every commit of this process at once; commits by
 * another process on the same file (replicas sharing one store) send no signal, so it also looks every
 * SUBSCRIPTION_POLL_MS: one indexed read of the rows past its position, a few microseconds when idle.
 * Another replica's events thus reach this one's read models within about this interval; a read with
 * ?minPosition= does not wait for it (the projection runner reads the log at once for it).
 */
const SUBSCRIPTION_POLL_MS = 200;
const SYNCHRONOUS_MODES = ['off', 'normal', 'full', 'extra'] as const;
const BUSY_RETRY_PAUSE_MS = 10;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A commit refused because another connection held the write lock: it wrote nothing. */
function isBusy(error: unknown): boolean {
  const { code } = ((error as { cause?: unknown })?.cause ?? {}) as { code?: unknown };
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The embedded event store: one SQLite file in WAL mode, appends group-committed. */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly statements: SqliteStatements;
  private readonly queue: GroupCommitQueue<AppendRequest, AppendResult>;
  private readonly clock: () => Date;
  private readonly commitListeners = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly counters: SqliteEventStoreStats = { commits: 0, appends: 0, busyRetries: 0 };
  /** Started on the first large readAll. */
  private pageReader: SqlitePageReader | undefined;
  private closed = false;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.db = openEventDatabase(
      options.filename,
      options.durability ?? 'full',
      options.busyTimeoutMs ?? 1000,
    );
    this.statements = prepareStatements(this.db);
    const writeAppend = createAppendWriter(this.db, this.statements, options.positionGaps ?? false);
    // One transaction for the whole batch; each append in its own savepoint (inside writeAppend).
    const commitBatch = this.db.transaction((requests: AppendRequest[], recordedAt: string) =>
      requests.map((request): Outcome<AppendResult> => {
        try {
          return { ok: true, value: writeAppend(request, recordedAt) };
        } catch (error) {
          // Some errors (disk full, I/O) make SQLite roll back the whole transaction: fail the batch then.
          if (!this.db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
    this.queue = new GroupCommitQueue((requests) => {
      let outcomes: Outcome<AppendResult>[];
      try {
        // IMMEDIATE takes the write lock up front (waiting up to busy_timeout for another process).
        outcomes = commitBatch.immediate(requests, this.clock().toISOString());
      } catch (error) {
        throw new EventStoreUnavailableError(`Commit to ${this.options.filename} failed`, { cause: error });
      }
      this.counters.commits += 1;
      this.counters.appends += requests.length;
      for (const listener of this.commitListeners) listener();
      return outcomes;
    });
  }

  append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(this.unavailable());
    return this.appendUntilNotBusy({ streamId, events, expectedRevision: options.expectedRevision });
  }

  /**
   * Another process on the same file (a replica) holding the write lock past the busy timeout makes the
   * whole batch fail with SQLITE_BUSY before anything is written: the append joins a later batch, for up to
   * busyRetryMs, instead of a client seeing the error. (Were a commit to fail after writing, the retry's
   * event ids would find it: see findRetriedAppend.)
   */
  private async appendUntilNotBusy(request: AppendRequest): Promise<AppendResult> {
    const giveUpAt = Date.now() + (this.options.busyRetryMs ?? 10_000);
    for (;;) {
      try {
        return await this.queue.enqueue(request);
      } catch (error) {
        if (!isBusy(error) || this.closed || Date.now() >= giveUpAt) throw error;
        this.counters.busyRetries += 1;
        await pause(BUSY_RETRY_PAUSE_MS);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? -1;
    const rows =
      options.direction === 'backwards'
        ? this.statements.streamBackwards.all(streamId, options.fromRevision ?? MAX_REVISION, limit)
        : this.statements.streamForwards.all(streamId, options.fromRevision ?? 0n, limit);
    return rows.map(toRecordedEvent);
  }

  /** One indexed lookup: event ids are UNIQUE in the table. */
  async readEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    const row = this.statements.byEventId.get(eventId, streamId);
    return row ? toRecordedEvent(row) : undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.fromPosition ?? 0n;
    this.assertEventPosition(after);
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_MAX_COUNT;
    if (maxCount >= PAGE_READER_MIN_COUNT && this.options.readerThread !== false) {
      // Until the thread has started, pages are read here: a first read never waits for it.
      this.pageReader ??= new SqlitePageReader(this.options.filename);
      if (this.pageReader.ready) return this.pageReader.read(after, maxCount);
    }
    return this.readPage(after, maxCount);
  }

  /** One range of the primary key, stopping at `limit`. */
  async countEvents(after: bigint, upTo: bigint, limit: number): Promise<number> {
    this.assertOpen();
    return Number(this.statements.count.get(after, upTo, limit)?.[0] ?? 0n);
  }

  /** The random id created with the file (schema version 2), the same for every process that opens it. */
  async storeId(): Promise<string> {
    this.assertOpen();
    const row = this.statements.storeId.get();
    if (!row) throw new Error(`${this.options.filename} has no store id`);
    return row[0];
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    this.assertOpen();
    return this.statements.head.get(streamId)?.revision;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const subscription: Subscription = new CatchUpSubscription(
      {
        readPage: (after, maxCount) => this.readPage(after, maxCount),
        onCommit: (listener) => {
          this.commitListeners.add(listener);
          return () => this.commitListeners.delete(listener);
        },
      },
      {
        fromPosition: options.fromPosition ?? 0n,
        pageSize: SUBSCRIPTION_PAGE_SIZE,
        pollIntervalMs: SUBSCRIPTION_POLL_MS,
        onClose: () => this.subscriptions.delete(subscription),
      },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Commits queued appends, ends subscriptions, then closes the file. Later calls reject as unavailable. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.queue.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.pageReader?.close();
    this.db.close();
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  /** The settings in force on the connection, read back from SQLite (for /health and benchmark labels). */
  settings(): SqliteEventStoreSettings {
    this.assertOpen();
    return {
      filename: this.options.filename,
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_MODES[Number(this.db.pragma('synchronous', { simple: true }))],
      schemaVersion: Number(this.db.pragma('user_version', { simple: true })),
    };
  }

  private readPage(after: bigint, maxCount: number): RecordedEvent[] {
    return this.statements.all.all(after, maxCount).map(toRecordedEvent);
  }

  /**
   * 0 (the start) or an event's position, as on EventStoreDB, where any other value is refused by the server
   * (it is not at a record boundary): one indexed lookup. Positions are opaque; nothing in between is valid.
   */
  private assertEventPosition(position: bigint): void {
    if (position === 0n) return;
    if (position < 0n || !this.statements.atPosition.get(position)) throw new InvalidPositionError(position);
  }

  private assertOpen(): void {
    if (this.closed) throw this.unavailable();
  }

  private unavailable(): EventStoreUnavailableError {
    return new EventStoreUnavailableError(`The event store at ${this.options.filename} is closed`);
  }
}
