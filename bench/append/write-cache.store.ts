import { marketStreamId, programStreamId } from '@app/domain';
import {
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type JsonObject,
  type ReadStreamOptions,
  type RecordedEvent,
  type Subscription,
} from '@app/event-store';

/** The shape of the generated program: `markets` markets of `batches` batches each, every batch verified. */
export interface MarketShape {
  programId: string;
  markets: number;
  batches: number;
}

export const marketCode = (index: number): string => `M${String(index).padStart(5, '0')}`;
export const batchId = (market: string, index: number): string =>
  `${market}-b${String(index).padStart(4, '0')}`;
/** Users per generated batch; the scope leaves room for every command a benchmark sends after them. */
export const USERS_PER_BATCH = 100;

const AT = '2014-03-01T00:00:00.000Z';
/** One envelope shared by every generated event: the writer reads only its hash (the head of the chain). */
const METADATA: JsonObject = {
  actor: 'bench',
  role: 'operator',
  occurredAt: AT,
  recordedAt: AT,
  schemaVersion: 1,
  hash: 'ab'.repeat(32),
};

/**
 * The events of one generated market, as a store would hand them over: data parsed from its JSON text, so
 * that each event (and each batch id) is a fresh object, as when read from SQLite or EventStoreDB.
 */
export function marketEventData(shape: MarketShape, market: string, revision: number): [string, JsonObject] {
  const ref = `"programId":"${shape.programId}","market":"${market}"`;
  if (revision === 0) {
    const scope = shape.batches * USERS_PER_BATCH + 1_000_000;
    return ['MarketEnrolled', JSON.parse(`{${ref},"targetRegion":"us-east","usersInScope":${scope}}`)];
  }
  if (revision === 1) return ['MigrationStarted', JSON.parse(`{${ref}}`)];
  const batch = batchId(market, (revision - 2) >> 1);
  return revision % 2 === 0
    ? ['BatchCopied', JSON.parse(`{${ref},"batchId":"${batch}","users":${USERS_PER_BATCH},"attempt":1}`)]
    : ['BatchVerified', JSON.parse(`{${ref},"batchId":"${batch}","users":${USERS_PER_BATCH}}`)];
}

/** Events of a generated market stream: enrolled, started, then each batch copied and verified. */
export const marketStreamLength = (shape: MarketShape): number => 2 + 2 * shape.batches;

/**
 * A read-only store of `markets × batches` generated events (80M at 10k × 4k, which no disk here could be
 * filled with in a benchmark's time): each stream is synthesised on read, deterministically, with correct
 * revisions and positions, so the real writer folds real events into real states. What the writer appends
 * is kept in memory after the generated events (a few per market; of each, what the writer reads back).
 */
export class GeneratedMarketStore implements EventStore {
  private readonly appended = new Map<string, RecordedEvent[]>();
  private readonly markets = new Map<string, number>();
  private nextPosition: bigint;

  constructor(private readonly shape: MarketShape) {
    for (let index = 0; index < shape.markets; index++) {
      this.markets.set(marketStreamId(shape.programId, marketCode(index)), index);
    }
    this.nextPosition = BigInt(1 + shape.markets * marketStreamLength(shape));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.direction === 'backwards') throw new Error('GeneratedMarketStore reads forwards only');
    const from = Number(options.fromRevision ?? 0n);
    const max = options.maxCount ?? Infinity;
    const events: RecordedEvent[] = [];
    const generated = this.generatedLength(streamId);
    for (let revision = from; revision < generated && events.length < max; revision++) {
      events.push(this.generated(streamId, revision));
    }
    for (const event of this.appended.get(streamId) ?? []) {
      if (events.length >= max) break;
      if (event.revision >= BigInt(from)) events.push(event);
    }
    return events;
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const length = this.generatedLength(streamId) + (this.appended.get(streamId)?.length ?? 0);
    return length === 0 ? undefined : BigInt(length - 1);
  }

  async append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const current = await this.streamRevision(streamId);
    const expected = options.expectedRevision;
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      expected === current;
    if (!matches) {
      throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
    }
    const tail = this.appended.get(streamId) ?? [];
    this.appended.set(streamId, tail);
    let revision = current ?? -1n;
    for (const event of events) {
      // Only what the writer reads back (the data it folds, the hash it chains on): a real store keeps the
      // rest on disk, and here it would count in the process's RSS as if the writer held it.
      const metadata = { hash: event.metadata.hash ?? null };
      tail.push({
        ...event,
        metadata,
        streamId,
        revision: ++revision,
        position: this.nextPosition++,
        recordedAt: AT,
      });
    }
    return { nextRevision: revision, position: this.nextPosition - 1n };
  }

  async readAll(): Promise<RecordedEvent[]> {
    throw new Error('GeneratedMarketStore serves the writer only (readStream)');
  }

  subscribeToAll(): Subscription {
    throw new Error('GeneratedMarketStore serves the writer only (readStream)');
  }

  async close(): Promise<void> {}

  private generatedLength(streamId: string): number {
    if (streamId === programStreamId(this.shape.programId)) return 1;
    return this.markets.has(streamId) ? marketStreamLength(this.shape) : 0;
  }

  private generated(streamId: string, revision: number): RecordedEvent {
    const index = this.markets.get(streamId);
    let type: string;
    let data: JsonObject;
    if (index === undefined) {
      type = 'ProgramCreated';
      data = programCreated(this.shape.programId);
    } else {
      [type, data] = marketEventData(this.shape, marketCode(index), revision);
    }
    const position = index === undefined ? 0 : 1 + index * marketStreamLength(this.shape) + revision;
    return {
      id: `${streamId}-${revision}`,
      streamId,
      revision: BigInt(revision),
      position: BigInt(position),
      type,
      data,
      metadata: METADATA,
      recordedAt: AT,
    };
  }
}

export function programCreated(programId: string): JsonObject {
  return {
    programId,
    name: 'Write cache benchmark',
    sourceRegion: 'cn-north',
    deadline: '2099-12-31T23:59:59.000Z',
    timeZone: 'Asia/Singapore',
    dataCategories: ['contacts'],
  };
}
