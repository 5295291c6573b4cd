import type Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { startSqliteThread } from '@app/event-store';
import {
  walCheckpointThread,
  type CheckpointAnswer,
  type CheckpointerSetup,
} from './wal-checkpointer.thread';

/** SQLite's own default: the writer checkpoints once the WAL holds this many pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** While the thread checkpoints, the writer still does once the WAL reaches this size (see below). */
const BACKSTOP_BYTES = 256 * 1024 * 1024;
/** Between a commit and the checkpoint that copies it: commits in between share that checkpoint. */
const DEFAULT_DELAY_MS = 250;

export interface WalCheckpointerStats {
  /** Checkpoints the thread completed. */
  checkpoints: number;
  /** After the last one: pages in the WAL, and how many of them are copied into the database file. */
  walPages: number;
  copiedPages: number;
}

/**
 * Checkpoints a WAL database on a thread of its own. With synchronous=NORMAL the writer's own checkpoints
 * (SQLite's automatic ones, every 1000 pages) are where it waits for the disk: twice per checkpoint, for all
 * the pages it copies. A rebuild writes a row per event, so it spent a tenth of its time there. Here the
 * thread copies and syncs after the commits (`written`, at most one checkpoint in flight) while the writer
 * goes on.
 *
 * A passive checkpoint cannot reset the WAL while the writer keeps committing (it always lags by the commits
 * made while it ran), so the WAL grows through a rebuild. The writer's automatic checkpoint stays on as a
 * backstop at 256 MiB: it then has only the last pages to copy, completes, and the next commit starts the WAL
 * over (truncated to journal_size_limit). If the thread fails, the writer's checkpoints return to SQLite's
 * default, as they do on `close`.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly counters: WalCheckpointerStats = { checkpoints: 0, walPages: 0, copiedPages: 0 };
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private dirty = false;
  private stopped = false;

  constructor(
    private readonly db: Database.Database,
    private readonly onFailure: (error: Error) => void,
    private readonly delayMs = DEFAULT_DELAY_MS,
  ) {
    this.worker = startSqliteThread<Omit<CheckpointerSetup, 'driver'>>(walCheckpointThread, {
      filename: db.name,
    });
    this.worker.on('message', (answer: CheckpointAnswer) => this.answered(answer));
    this.worker.on('error', (error: Partial<Error & { code: string }>) =>
      this.fail(
        new Error(`The WAL checkpointer thread failed: ${error.message ?? error.code ?? 'unknown error'}`),
      ),
    );
    this.worker.on('exit', (code) =>
      this.fail(new Error(`The WAL checkpointer thread exited (code ${code})`)),
    );
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const backstop = Math.max(DEFAULT_AUTOCHECKPOINT_PAGES, Math.floor(BACKSTOP_BYTES / pageSize));
    db.pragma(`wal_autocheckpoint = ${backstop}`);
  }

  /** After a commit: a checkpoint follows within the delay, on the thread. */
  written(): void {
    this.dirty = true;
    this.schedule();
  }

  stats(): WalCheckpointerStats {
    return { ...this.counters };
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    this.stop();
    await this.worker.terminate();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.running || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dirty = false;
      this.running = true;
      this.worker.postMessage('checkpoint');
    }, this.delayMs);
    this.timer.unref();
  }

  private answered(answer: CheckpointAnswer): void {
    this.running = false;
    if ('error' in answer) {
      this.fail(new Error(`WAL checkpoint failed: ${answer.error}`));
      return;
    }
    this.counters.checkpoints += 1;
    this.counters.walPages = answer.log;
    this.counters.copiedPages = answer.checkpointed;
    if (this.dirty) this.schedule();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stop();
    this.onFailure(error);
  }

  /** Hands checkpoints back to the writer. */
  private stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  }
}
