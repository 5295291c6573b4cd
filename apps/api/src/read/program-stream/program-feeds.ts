import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ProjectionRunner } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import { ProgramFeed, type FeedListener } from './program-feed';
import { SharedProgramProgress } from './shared-program-progress';

/** Changes within this window are sent as one update: a burst of steps is one redraw, not hundreds. */
export const COALESCE_MS = 50;
/**
 * How often an open program's view is compared with what its streams hold though no step came: a market turns
 * stale or off track as time passes, and the screens must say so without waiting for a step.
 */
export const RECHECK_MS = 5_000;

interface OpenFeed {
  feed: ProgramFeed;
  coalesce?: NodeJS.Timeout;
  recheck: NodeJS.Timeout;
  stopListening: () => void;
}

/**
 * The live feeds of the programs that have open streams: one per program, whatever the number of screens
 * following it; opened with its first stream and closed with its last.
 */
@Injectable()
export class ProgramFeeds implements OnModuleDestroy {
  private readonly logger = new Logger('ProgramFeeds');
  private readonly open = new Map<string, OpenFeed>();

  constructor(
    private readonly shared: SharedProgramProgress,
    private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends `listener` the program's whole view at once, then its updates; returns how to leave. */
  join(programId: string, listener: FeedListener): () => void {
    const open = this.open.get(programId) ?? this.openFeed(programId);
    let leave: () => void;
    try {
      leave = open.feed.join(listener);
    } catch (error) {
      this.closeIfUnused(programId, open);
      throw error;
    }
    return () => {
      leave();
      this.closeIfUnused(programId, open);
    };
  }

  onModuleDestroy(): void {
    for (const [programId, open] of this.open) this.close(programId, open);
  }

  private openFeed(programId: string): OpenFeed {
    const mode = this.config.http.sseFullViews ? 'full' : 'changes';
    const feed = new ProgramFeed(() => this.shared.get(programId), mode);
    const open: OpenFeed = {
      feed,
      recheck: setInterval(() => this.update(programId, open, false), RECHECK_MS),
      stopListening: this.runner.onChange(({ changes }) => {
        const mine = changes.filter((change) => change.programId === programId);
        if (mine.length === 0) return;
        feed.stepped(mine.flatMap((change) => (change.market ? [change.market] : [])));
        open.coalesce ??= setTimeout(() => {
          open.coalesce = undefined;
          this.update(programId, open, true);
        }, COALESCE_MS);
      }),
    };
    open.recheck.unref();
    this.open.set(programId, open);
    return open;
  }

  /** Runs from a timer: a failure (the read side being rebuilt, say) is logged, and the next update retries. */
  private update(programId: string, open: OpenFeed, afterSteps: boolean): void {
    try {
      open.feed.update(afterSteps);
    } catch (error) {
      this.logger.warn(`Live update of program ${programId} failed: ${String(error)}`);
    }
  }

  private closeIfUnused(programId: string, open: OpenFeed): void {
    if (open.feed.size === 0 && this.open.get(programId) === open) this.close(programId, open);
  }

  private close(programId: string, open: OpenFeed): void {
    open.stopListening();
    clearInterval(open.recheck);
    if (open.coalesce) clearTimeout(open.coalesce);
    this.open.delete(programId);
  }
}
