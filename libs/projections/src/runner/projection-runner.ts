import { setImmediate as nextTurn } from 'node:timers/promises';
import { CommitReporter, type ChangeListener } from './commit-reporter';
import { validateProjections } from './generation-tables';
import { PositionWaiters, type Reach } from './position-waiters';
import { ProjectionControls } from './projection-controls';
import type { ProjectionLane } from './projection-lane';
import { ProjectionPump } from './projection-pump';
import { ProjectionReader } from './projection-reader';
import { ProjectionSlots } from './projection-slots';
import { ProjectionStateRepository } from './projection-state.repository';
import { RequestQueue } from './request-queue';
import { LagCounter } from './lag-counter';
import { storeIdentity } from '@app/event-store';
import { laneMarks, projectionStatus, type PoisonEvent, type ProjectionStatus } from './projection-status';
import { WakeSignal } from './wake-signal';
import { WalCheckpointer } from './wal-checkpointer';
import {
  consoleProjectionLogger,
  DEFAULT_BATCH_SIZE,
  type ProjectionLogger,
  type ProjectionRunnerOptions,
} from './projection-runner.options';

const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Feeds projections from the global log: catch-up, then live; one checkpoint per projection generation,
 * committed with its read-model changes; rebuilds into new table generations while the old one serves;
 * a poison event stops only its projection. See ProjectionPump and BatchApplier for the mechanics.
 */
export class ProjectionRunner {
  /** Queries on the active generations, for query handlers. */
  readonly reader: ProjectionReader;
  private readonly slots: ProjectionSlots;
  private readonly controls: ProjectionControls;
  private readonly pump: ProjectionPump;
  private readonly clock: () => Date;
  private readonly logger: ProjectionLogger;
  /** Ends every wait of the loop: stop, or a request (rebuild, retry, skip) to run. */
  private readonly wake = new WakeSignal();
  /**
   * Ends the wait for new events only: a read waiting for a position not applied yet. The position may
   * have been written by another process on the same store, whose commits send no signal here (the
   * subscription would see them at its next poll); woken, the runner reads the log at once.
   */
  private readonly live = new WakeSignal();
  private readonly waiters = new PositionWaiters(() => this.live.notify());
  private readonly reporter: CommitReporter;
  private readonly lag: LagCounter;
  private readonly states: ProjectionStateRepository;
  private readonly requests = new RequestQueue();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private checkpointer: WalCheckpointer | undefined;

  constructor(private readonly options: ProjectionRunnerOptions) {
    validateProjections(options.projections);
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1)
      throw new RangeError(`Invalid batchSize ${batchSize}`);
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? consoleProjectionLogger;
    const states = new ProjectionStateRepository(options.db);
    this.states = states;
    this.slots = new ProjectionSlots(options.db, states, options.projections, this.logger);
    this.controls = new ProjectionControls(this.slots, this.logger);
    this.reader = new ProjectionReader(options.db, options.projections);
    this.reporter = new CommitReporter(this.logger);
    this.lag = new LagCounter(options.store);
    const now = () => this.now();
    this.pump = new ProjectionPump(options.store, this.slots, this.controls, batchSize, now, {
      committed: (outcomes) => {
        this.checkpointer?.written();
        this.reporter.committed(outcomes);
        this.waiters.check();
        this.refreshLag();
      },
      swapped: (slot) => (this.reporter.swapped(slot), this.waiters.check()),
    });
  }

  /** Builds new projections, starts rebuilds for changed versions, then runs in the background. */
  async start(): Promise<void> {
    if (this.loop) throw new Error('The projection runner is already running');
    await this.checkStore();
    this.slots.initialize(this.now());
    this.stopping = false;
    const { db, checkpointThread } = this.options;
    if (checkpointThread !== false && !db.memory) {
      this.checkpointer = new WalCheckpointer(db, (error) =>
        this.logger.warn(`Read-side checkpoints are back on the writer: ${describe(error)}`),
      );
    }
    this.loop = this.run();
  }

  /**
   * Checkpoints are positions in one store's log: read models built from another store (a data dir pointed
   * at a recreated or different store) would skip or repeat events with no error. They are forgotten and
   * rebuilt from this store's log, which is always possible (the log is the source of truth); logged as a
   * warning. A read side without a recorded identity (older than this check) adopts the store's.
   */
  private async checkStore(): Promise<void> {
    const current = await storeIdentity(this.options.store);
    const recorded = this.states.storeId();
    const changed =
      recorded !== undefined ? recorded !== current : current === undefined && this.states.anyCheckpoint();
    this.options.db
      .transaction(() => {
        if (changed) {
          this.logger.warn(
            `The read models were built from another event store (${recorded ?? 'one with events'}, this one is ` +
              `${current ?? 'empty'}): rebuilding every projection from the start of this store's log`,
          );
          this.states.forgetAll();
        }
        if (current !== undefined) this.states.recordStoreId(current);
      })
      .immediate();
    if (changed) this.slots.reloadAll();
  }

  /** Ends the wait for new events at once; a batch being applied is committed first. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.interrupt();
    await this.loop;
    this.loop = undefined;
    await this.pump.close();
    await this.checkpointer?.close();
    this.checkpointer = undefined;
    this.runRequests();
    this.slots.recordStop(this.now());
  }

  /** Fills a new generation from position 0 in the background; the current one serves until the swap. */
  rebuild(name: string): Promise<void> {
    return this.request(() => this.controls.rebuild(name, this.now()));
  }

  /** Tries a projection's poison event again (after a fix). False when it was not stopped. */
  retry(name: string): Promise<boolean> {
    return this.request(() => this.controls.retry(name, this.now()));
  }

  /** Skips exactly the poison event(s) a projection is stopped at; recorded. */
  skip(name: string): Promise<PoisonEvent[]> {
    return this.request(() => this.controls.skip(name, this.now()));
  }

  /**
   * Read-your-writes: true once every projection not stopped at a poison event has applied `position` (false
   * after timeoutMs). Trailing projections (Projection.trailing) are not waited for unless `trailing` is true
   * (e.g. a replay that reads them all); `waitForProjection` waits for one of them.
   */
  waitForPosition(position: bigint, timeoutMs: number, { trailing = false } = {}): Promise<boolean> {
    return this.waiters.wait(position, timeoutMs, (at) => this.reached(at, trailing));
  }

  /**
   * True once the active generation of projection `name` has applied `position`; false after timeoutMs, or at
   * once when it is stopped at a poison event (it will not get there without an operator).
   */
  waitForProjection(name: string, position: bigint, timeoutMs: number): Promise<boolean> {
    const slot = this.slots.get(name);
    return this.waiters.wait(position, timeoutMs, (at) => reachOf(slot.active, at));
  }

  /** Position of the last event the active generation of a projection applied. */
  checkpoint(name: string): bigint {
    return this.slots.get(name).active.checkpoint;
  }

  /** Called after each commit that changed something; returns the unsubscription. */
  onChange(listener: ChangeListener): () => void {
    return this.reporter.subscribe(listener);
  }

  status(): ProjectionStatus[] {
    const running = this.loop !== undefined && !this.stopping;
    const now = this.clock().getTime();
    this.refreshLag();
    return this.slots.all().map((slot) => projectionStatus(slot, running, this.pump.head, now, this.lag));
  }

  /** Counts the lag in events in the background, at most once a second (LagCounter). */
  private refreshLag(): void {
    this.lag.refresh(this.slots.all().flatMap(laneMarks), this.pump.head);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        // Taken before reading: a read that starts waiting from here on ends the next wait at once.
        const liveMark = this.live.mark();
        this.runRequests();
        const atEnd = await this.pump.catchUp(() => this.stopping);
        if (atEnd && !this.stopping && this.requests.size === 0)
          await this.pump.waitLive(this.live, liveMark);
        else await nextTurn(); // let requests (HTTP, timers) in between catch-up batches
        failures = 0;
      } catch (error) {
        if (this.stopping) break;
        failures += 1;
        const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
        this.logger.error(`Projection runner: ${describe(error)}; trying again in ${delay} ms`, { failures });
        await this.wake.sleep(delay);
      }
    }
  }

  private request<T>(action: () => T): Promise<T> {
    const done = this.requests.enqueue(action);
    if (this.loop)
      this.interrupt(); // picked up between two batches
    else this.runRequests();
    return done;
  }

  private interrupt(): void {
    this.wake.notify();
    this.live.notify();
  }

  private runRequests(): void {
    if (this.requests.runAll()) this.waiters.check();
  }

  /** A projection stopped at a poison event counts as reached: waiting longer would not help. */
  private reached(position: bigint, trailing: boolean): Reach {
    const behind = this.slots
      .all()
      .some((slot) => (trailing || !slot.trailing) && reachOf(slot.active, position) === 'behind');
    return behind ? 'behind' : 'reached';
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

function reachOf(lane: ProjectionLane, position: bigint): Reach {
  if (lane.checkpoint >= position) return 'reached';
  return lane.poison === undefined ? 'behind' : 'stopped';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
