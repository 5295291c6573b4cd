import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { envelopeEvents, GENESIS_HASH, type DomainEventLike } from '@app/audit';
import { DomainError, fold, requireInstantInRange, type Decider } from '@app/domain';
import {
  DuplicateEventIdError,
  EVENT_STORE,
  WrongExpectedRevisionError,
  type EventStore,
  type RecordedEvent,
} from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { AppMetrics } from '../metrics/metrics.registry';
import { CLOCK, type Clock } from '../shared/clock';
import { KeyedMutex } from '../shared/keyed-mutex';
import { RevisionConflictError, ValidationFailedError } from '../errors/api.errors';
import type { CommandContext, IdempotentRetry, WriteResult } from './command-context';
import { idempotentEventId } from '../idempotency/idempotency-scope';
import { IdempotentWrites } from '../idempotency/idempotent-writes';
import { DEFAULT_WRITE_CACHE_BYTES, StreamStateCache, type StreamSnapshot } from './stream-state.cache';
import { writeCacheBudget } from './write-cache.budget';
import { watchWriteCache } from './write-cache.metrics';

/**
 * Without If-Match a lost race is retried on fresh state; with it, the caller gets the 409. Within a process
 * the per-stream mutex means races are lost only to another replica writing the same stream, which may win
 * several times in a row while it works through its own queue: after each loss the writer waits a random
 * 0 to 2×attempt ms (at most 50) so the two replicas fall out of step, and gives up only after MAX_ATTEMPTS
 * and RETRY_FOR_MS both: on a loaded machine a replica working through a queue of its own can win more than a
 * dozen times in a row, and a step without If-Match is always decidable again on fresh state.
 */
const MAX_ATTEMPTS = 12;
const RETRY_FOR_MS = 3_000;
/** Operators' clocks drift; a step reported a little ahead of ours is accepted, one from the future is not. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Events read and folded at a time when a stream is loaded. */
const LOAD_PAGE_EVENTS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function commandName(command: unknown): string {
  const type = (command as { type?: unknown }).type;
  return typeof type === 'string' ? type : 'unknown';
}

/** One command on its way to a stream; `retry` is IdempotentWrites' record of this attempt, for a keyed one. */
interface Write<C, E extends DomainEventLike, S> {
  streamId: string;
  decider: Decider<C, E, S>;
  command: C;
  context: CommandContext;
  retry?: IdempotentRetry;
}

/**
 * The one way anything is written: load the stream (cached fold + the events since), decide, wrap the
 * events in envelopes chained by hash, append with the loaded revision as expectation.
 */
@Injectable()
export class StreamWriter {
  private readonly mutex = new KeyedMutex();
  private readonly cache: StreamStateCache;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: AppMetrics,
    private readonly idempotent: IdempotentWrites,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'writeCacheBytes'>,
  ) {
    // Bounded in bytes (WRITE_CACHE_MB; the default when made outside the app: unit specs, benchmarks), and
    // by what the process's heap limit leaves beside the rest of the server, so that it evicts before then.
    this.cache = new StreamStateCache(writeCacheBudget(config?.writeCacheBytes ?? DEFAULT_WRITE_CACHE_BYTES));
    watchWriteCache(metrics, this.cache);
  }

  async load<C, E extends DomainEventLike, S>(
    streamId: string,
    decider: Decider<C, E, S>,
  ): Promise<StreamSnapshot<S>> {
    const cached = this.cache.get<S>(streamId);
    let snapshot: StreamSnapshot<S> = cached ?? {
      revision: -1n,
      position: -1n,
      state: decider.initialState,
      headHash: GENESIS_HASH,
    };
    // Read and folded a page at a time: a cold load of a long stream (a market evicted from the cache) holds
    // one page of events, not the whole stream. Measured after one command on each of 2,000 markets of 4,000
    // batches: 54 MB of live heap instead of 107; the peak RSS stayed the same (V8 keeps the heap it grew).
    // Folding evolves the cached state in place (see market.evolve.ts): should a later page fail to be read,
    // the entry would hold a state ahead of its revision, so it is dropped and the next load starts afresh.
    try {
      for (let read = LOAD_PAGE_EVENTS; read === LOAD_PAGE_EVENTS;) {
        const events = await this.store.readStream(streamId, {
          fromRevision: snapshot.revision + 1n,
          maxCount: LOAD_PAGE_EVENTS,
        });
        read = events.length;
        if (read === 0) break;
        const last = events[read - 1];
        snapshot = {
          revision: last.revision,
          position: last.position,
          state: fold(decider, events as unknown as E[], snapshot.state),
          headHash: String(last.metadata.hash ?? GENESIS_HASH),
        };
      }
    } catch (error) {
      this.cache.delete(streamId);
      throw error;
    }
    if (snapshot !== cached && snapshot.revision >= 0n) this.cache.set(streamId, snapshot);
    return snapshot;
  }

  /** A command with an Idempotency-Key runs through IdempotentWrites, which keeps its answer for retries. */
  async execute<C, E extends DomainEventLike, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C,
    context: CommandContext,
  ): Promise<WriteResult> {
    const write = { streamId, decider, command, context };
    if (context.idempotency === undefined) return this.executeOnce(write);
    const { result, replayed } = await this.idempotent.run(context.idempotency, (retry) =>
      this.executeOnce({ ...write, retry }),
    );
    if (replayed) context.onReplayed?.();
    return result;
  }

  private async executeOnce<C, E extends DomainEventLike, S>(write: Write<C, E, S>): Promise<WriteResult> {
    const { streamId, command } = write;
    const stopTimer = this.metrics.commandDuration.startTimer({ command: commandName(command) });
    try {
      const result = await this.mutex.run(streamId, () => this.executeWithRetries(write));
      stopTimer({ outcome: 'ok' });
      return result;
    } catch (error) {
      stopTimer({ outcome: error instanceof Error && 'code' in error ? String(error.code) : 'error' });
      throw error;
    }
  }

  private async executeWithRetries<C, E extends DomainEventLike, S>(
    write: Write<C, E, S>,
  ): Promise<WriteResult> {
    const { streamId, context } = write;
    // Unkeyed commands get ids of their own too, the same on every attempt (see eventIds).
    const nonce = randomUUID();
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(write, nonce);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        this.cache.delete(streamId);
        if (context.expectedRevision !== undefined) throw error;
        if (attempt >= MAX_ATTEMPTS && performance.now() - started >= RETRY_FOR_MS) throw error;
        await sleep(Math.random() * Math.min(2 * attempt, 50));
      }
    }
  }

  private async attempt<C, E extends DomainEventLike, S>(
    write: Write<C, E, S>,
    nonce: string,
  ): Promise<WriteResult> {
    const { streamId, decider, context, retry } = write;
    const current = await this.load(streamId, decider);
    // A keyed request: what an attempt with this key appended (interrupted by a crash, or running at this
    // moment on another replica) is the answer; deciding again on a stream that holds it would refuse it, or
    // meet its events in the store. Looked for first when such an attempt may exist (lookFirst); otherwise only
    // before refusing on the stream's state, a lost race included (refusesOnStreamState): a by-id lookup is a
    // backwards scan of the stream on EventStoreDB, too dear for every keyed command.
    const lookFirst = retry?.lookFirst === true;
    if (lookFirst) {
      const written = await this.writtenBy(streamId, context);
      if (written) {
        retry.recovered = true;
        return written;
      }
    }
    try {
      return await this.decideAndAppend(write, nonce, current);
    } catch (error) {
      if (retry === undefined || !refusesOnStreamState(error)) throw error;
      // Another attempt with this key (on another replica: begun after ours took the mark, or still running
      // when we looked first) may have appended since: its step is the answer, not this refusal.
      const written = await this.writtenBy(streamId, context);
      if (!written) throw error;
      retry.recovered = true;
      return written;
    }
  }

  private async decideAndAppend<C, E extends DomainEventLike, S>(
    write: Write<C, E, S>,
    nonce: string,
    current: StreamSnapshot<S>,
  ): Promise<WriteResult> {
    const { streamId, decider, command, context, retry } = write;
    if (context.expectedRevision !== undefined && context.expectedRevision !== current.revision) {
      throw new RevisionConflictError(
        streamId,
        String(context.expectedRevision),
        current.revision < 0n ? 'none' : String(current.revision),
      );
    }
    // occurredAt is the envelope's, not the command's: no decider sees it, so this rule sits here, with a
    // tolerance for operators' clocks, and answers 400 naming the field (input, not a rule of the migration).
    const now = this.clock();
    requireInstantInRange(commandName(command), 'occurredAt', context.occurredAt);
    if (context.occurredAt !== undefined && Date.parse(context.occurredAt) > now.getTime() + CLOCK_SKEW_MS) {
      throw new ValidationFailedError([
        {
          field: 'occurredAt',
          problems: [`occurredAt ${context.occurredAt} is in the future (now is ${now.toISOString()})`],
        },
      ]);
    }
    const decided = decider.decide(command, current.state);
    if (decided.length === 0)
      return { streamId, revision: Number(current.revision), position: Number(current.position) };
    const { events, headHash } = envelopeEvents(decided, {
      streamId,
      firstRevision: current.revision + 1n,
      prevHash: current.headHash,
      recordedAt: now,
      context: { ...context, actor: context.principal.name, role: context.principal.role },
      newId: eventIds(streamId, context, nonce),
    });
    const expectedRevision = current.revision < 0n ? 'no_stream' : current.revision;
    const result = await this.store.append(streamId, events, { expectedRevision });
    for (const event of events) this.metrics.eventsAppended.inc({ type: event.type });
    if (context.idempotency !== undefined) {
      // Ids derived from the key: another replica running the same request at the same moment may have
      // stored its own events under them, and the store answered with those (written once). Their hashes
      // are not the ones built here, so the next load reads what the stream holds instead of trusting ours;
      // and when the stored last event is not ours, this attempt wrote nothing: it is answered as a replay.
      this.cache.set(streamId, current);
      const [stored] = await this.store.readStream(streamId, {
        fromRevision: result.nextRevision,
        maxCount: 1,
      });
      if (retry && stored !== undefined && stored.metadata.hash !== headHash) retry.recovered = true;
    } else {
      this.cache.set(streamId, {
        revision: result.nextRevision,
        position: result.position,
        state: fold(decider, decided, current.state),
        headHash,
      });
    }
    return { streamId, revision: Number(result.nextRevision), position: Number(result.position) };
  }

  /**
   * What the request with this idempotency key appended to the stream before its process stopped, if it
   * did: its events have ids derived from the key, its scope and the stream, so they are looked up by id,
   * exactly (not by scanning back from the head, nor by comparing clocks).
   */
  private async writtenBy(streamId: string, context: CommandContext): Promise<WriteResult | undefined> {
    if (context.idempotency === undefined) return undefined;
    const { key, scope } = context.idempotency;
    let last: RecordedEvent | undefined;
    for (let index = 0; ; index++) {
      const id = idempotentEventId(scope, key, streamId, index);
      const event = await this.findEvent(streamId, id, last);
      if (event === undefined) break;
      last = event;
    }
    return last && { streamId, revision: Number(last.revision), position: Number(last.position) };
  }

  /** By id where the store indexes ids; otherwise (a wrapped store) the whole stream is read. */
  private async findEvent(
    streamId: string,
    id: string,
    previous: RecordedEvent | undefined,
  ): Promise<RecordedEvent | undefined> {
    if (this.store.readEvent) return this.store.readEvent(streamId, id);
    const from = previous ? previous.revision + 1n : 0n;
    return (await this.store.readStream(streamId, { fromRevision: from })).find((event) => event.id === id);
  }
}

/** A refusal that another attempt with the same key, appended first, would explain. */
function refusesOnStreamState(error: unknown): boolean {
  return (
    error instanceof RevisionConflictError ||
    error instanceof WrongExpectedRevisionError ||
    error instanceof DuplicateEventIdError ||
    error instanceof DomainError
  );
}

/**
 * Event ids: derived from the request's Idempotency-Key, so that its retry can find them (see writtenBy);
 * without a key, from a nonce drawn once per command. Either way the n-th event of the command has the same
 * id on each of the writer's attempts, so a store that resends an append whose outcome it did not learn
 * (EventStoreDB) meets ids it can recognise.
 */
function eventIds(streamId: string, context: CommandContext, nonce: string): () => string {
  const keyed = context.idempotency;
  let index = 0;
  return () =>
    keyed
      ? idempotentEventId(keyed.scope, keyed.key, streamId, index++)
      : idempotentEventId('', nonce, streamId, index++);
}
