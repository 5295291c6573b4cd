import { Inject, Injectable } from '@nestjs/common';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { replayReadModels, type AsOfBasis, type AsOfEvents } from '@app/audit';
import { MarketNotEnrolledError, ProgramNotFoundError } from '@app/domain';
import {
  ProgressCalculator,
  ProgressService,
  ProjectionRunner,
  ReadModels,
  readModelProjections,
  type ProgressReads,
  type MarketProgressView,
  type ProgramProgressView,
} from '@app/projections';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import { AsOfIndexPath } from './as-of-index.path';
import { AsOfMetrics } from './as-of.metrics';
import { LruCache } from './lru-cache';
import { ProgramEventsReader, type ProgramHead } from './program-events.reader';
import { ReplayLimiter } from './replay-limiter';
import { ReplaysBusyError } from './replays-busy.error';
import { SingleFlight } from './single-flight';

/**
 * The read models ProgressService reads: a replay for progress needs no other. Leaving out the timeline (one
 * row per event, and its indexes built at the end) makes a replay a good deal shorter.
 */
const PROGRESS_MODELS = readModelProjections.filter((projection) =>
  ['programs', 'market-progress', 'market-daily'].includes(projection.name),
);

/** A question about a program's past: its kind (a metric label) and everything else its answer depends on. */
export interface AsOfQuestion {
  kind: 'program' | 'market' | 'diff';
  /** e.g. "1400000000000 recorded": with the program's head, the cache key. */
  detail: string;
}

/** A cached answer and its weight: about one program's progress (~10 KB) per unit. */
interface Cached {
  answer: unknown;
  weight: number;
}

/**
 * Progress as of an instant of the past: the program's events known (or happened) by then are replayed
 * through the live projections into a private in-memory database, and the live ProgressService runs on it
 * with its clock stopped at that instant. Same code, same shape as live progress.
 *
 * A replay is costly, so: answers are cached by program, question and the program's head (any append to
 * the program gives new keys); the program's event list is cached by its head, so other instants and both
 * ends of a diff share one read; identical questions in flight share one computation; at most
 * AS_OF_CONCURRENCY replays run at once with AS_OF_QUEUE waiting, and more are refused with a 503 (sent after
 * AS_OF_REFUSAL_DELAY_MS); and every
 * step yields to the event loop in slices of a few ms, so /health and live reads are answered meanwhile.
 */
@Injectable()
export class AsOfReplayer {
  private readonly answers: LruCache<string, Cached>;
  private readonly programs: LruCache<string, AsOfEvents>;
  private readonly flights = new SingleFlight<unknown>();
  private readonly reads = new SingleFlight<AsOfEvents>();
  private readonly limiter: ReplayLimiter;
  /**
   * Its own, not the live one: forecasts are cached by their inputs, and questions about any instant of the
   * past would push the live dashboards' forecasts out of that cache.
   */
  private readonly calculator: ProgressCalculator;
  private readonly refusalDelayMs: number;
  /** Answers from the as-of index where it can; the full replay stays the reference and the fallback. */
  readonly index: AsOfIndexPath;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reader: ProgramEventsReader,
    private readonly metrics: AsOfMetrics,
    runner: ProjectionRunner,
  ) {
    this.index = new AsOfIndexPath(runner, reader, metrics);
    this.calculator = new ProgressCalculator({ staleAfterMs: config.staleAfterMs });
    this.answers = new LruCache<string, Cached>(config.asOf.cacheEntries, (cached) => cached.weight);
    this.programs = new LruCache(config.asOf.cachedPrograms);
    this.limiter = new ReplayLimiter(config.asOf.concurrency, config.asOf.queue);
    this.refusalDelayMs = config.asOf.refusalDelayMs;
    metrics.watch(() => ({
      running: this.limiter.running,
      queued: this.limiter.queued,
      cachedAnswers: this.answers.size,
      cachedPrograms: this.programs.size,
    }));
  }

  programProgress(programId: string, instant: Date, basis: AsOfBasis): Promise<ProgramProgressView> {
    return this.answer(programId, programQuestion(instant, basis), async (head, read) => {
      const view = await this.programAt(head, read, instant, basis);
      if (view === null) throw new ProgramNotFoundError({ programId, in: 'read_models' });
      return view;
    });
  }

  async marketProgress(
    programId: string,
    market: string,
    instant: Date,
    basis: AsOfBasis,
  ): Promise<MarketProgressView> {
    const question = { kind: 'market' as const, detail: `${market} ${instant.getTime()} ${basis}` };
    return this.answer(programId, question, async (head, read) => {
      // A market unknown today was never enrolled: no replay needed to say so.
      if (!head.markets.includes(market)) throw new MarketNotEnrolledError({ programId, market });
      const view = (progress: ProgressService) => progress.market(programId, market);
      return this.replayAt(head, read, instant, basis, view, { forecasts: true });
    });
  }

  /**
   * The answer to `question` about the program as it stands now: from the cache, or joining the identical
   * question in flight, or computed by `compute` in a replay slot (refused with ReplaysBusyError when none is
   * free and the queue is full). Errors are not cached.
   */
  async answer<T>(
    programId: string,
    question: AsOfQuestion,
    compute: (head: ProgramHead, read: () => Promise<AsOfEvents>) => Promise<T>,
    weigh: (answer: T) => number = () => 1,
  ): Promise<T> {
    const head = await this.reader.head(programId);
    const key = keyOf(head, question);
    const cached = this.answers.get(key);
    if (cached !== undefined) {
      this.metrics.answered('cache');
      return cached.answer as T;
    }
    const joining = this.flights.has(key);
    try {
      const answer = await this.flights.run(key, () =>
        this.limiter.run(async () => {
          const started = performance.now();
          const computed = await compute(head, () => this.eventsOf(head));
          this.answers.set(key, { answer: computed, weight: weigh(computed) });
          this.metrics.computed(question.kind, (performance.now() - started) / 1000);
          return computed;
        }),
      );
      this.metrics.answered(joining ? 'shared' : 'replay');
      return answer as T;
    } catch (error) {
      if (error instanceof ReplaysBusyError) {
        this.metrics.answered('refused');
        // Held a moment: a client retrying at once gets its next refusal a few times a second, not a thousand.
        await sleep(this.refusalDelayMs);
      }
      throw error;
    }
  }

  /**
   * The program's progress at `instant`, or null when it did not exist yet: cached under the same key as
   * `programProgress`, so a diff and the progress route share their replays. Call it within `answer`.
   */
  async programAt(
    head: ProgramHead,
    read: () => Promise<AsOfEvents>,
    instant: Date,
    basis: AsOfBasis,
  ): Promise<ProgramProgressView | null> {
    const key = keyOf(head, programQuestion(instant, basis));
    const cached = this.answers.get(key);
    if (cached !== undefined) return cached.answer as ProgramProgressView | null;
    const view = await this.replayAt(
      head,
      read,
      instant,
      basis,
      (progress) => {
        try {
          return progress.programProgress(head.programId);
        } catch (error) {
          if (error instanceof ProgramNotFoundError) return null; // not created yet at that instant
          throw error;
        }
      },
      { forecasts: false },
    );
    this.answers.set(key, { answer: view, weight: 1 });
    return view;
  }

  /** What `use` computes from the program's read models at `instant`: from the as-of index, else a replay. */
  private async replayAt<T>(
    head: ProgramHead,
    read: () => Promise<AsOfEvents>,
    instant: Date,
    basis: AsOfBasis,
    use: (progress: ProgressService) => T,
    { forecasts }: { forecasts: boolean },
  ): Promise<T> {
    const indexed = await this.index.readsAt(head, instant, basis);
    if (indexed !== undefined) return this.progressAt(indexed, instant, use, forecasts);
    const replay = await replayReadModels((await read()).knownAt(instant, basis), PROGRESS_MODELS);
    try {
      return await this.progressAt(new ReadModels(replay.runner), instant, use, forecasts);
    } finally {
      replay.close();
    }
  }

  /**
   * Forecasts computed a slice of trials at a time, as the rest of the replay is (which runs `use` twice);
   * program progress has none (`forecasts` false) and runs it once.
   */
  private async progressAt<T>(
    reads: ProgressReads,
    instant: Date,
    use: (progress: ProgressService) => T,
    forecasts: boolean,
  ): Promise<T> {
    const compute = () => use(new ProgressService(reads, this.calculator, () => instant));
    return forecasts ? this.calculator.withForecastsInSlices(compute, () => nextTurn()) : compute();
  }

  /** The program's events up to `head`: read once per head, shared by every question about it. */
  private eventsOf(head: ProgramHead): Promise<AsOfEvents> {
    const cached = this.programs.get(head.key);
    if (cached) return Promise.resolve(cached);
    return this.reads.run(head.key, async () => {
      const events = await this.reader.read(head);
      this.programs.set(head.key, events);
      return events;
    });
  }
}

function programQuestion(instant: Date, basis: AsOfBasis): AsOfQuestion {
  return { kind: 'program', detail: `${instant.getTime()} ${basis}` };
}

function keyOf(head: ProgramHead, question: AsOfQuestion): string {
  return `${head.key}\n${question.kind} ${question.detail}`;
}
