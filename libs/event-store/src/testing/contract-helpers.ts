import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type {
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
  Subscription,
} from '../event-store.port';

/** An event a writer saw acknowledged: it must survive any restart. */
export interface AcknowledgedEvent {
  id: string;
  streamId: string;
  revision: bigint;
  data: JsonObject;
}

/** What each contract test gets: the store opened for it, and a way to restart it (close, then open again). */
export interface ContractContext {
  store(): EventStore;
  restart(): Promise<EventStore>;
}

/** Stream names are unique per test so the suite can run against a shared EventStoreDB. */
export function uniqueStream(label: string): string {
  return `contract_${label}-${randomUUID()}`;
}

export function newEvent(data: JsonObject = {}, type = 'ContractEventRecorded'): EventToAppend {
  return { id: randomUUID(), type, data, metadata: { actor: 'contract-suite', correlationId: randomUUID() } };
}

export function newEvents(count: number, data: (index: number) => JsonObject = (index) => ({ index })) {
  return Array.from({ length: count }, (_, index) => newEvent(data(index)));
}

export async function expectWrongRevision(
  attempt: Promise<unknown>,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ expected, actual });
}

/** Pulls events from a subscription until `count` of them pass `keep`; fails after `timeoutMs`. */
export async function take(
  subscription: Subscription,
  count: number,
  keep: (event: RecordedEvent) => boolean,
  timeoutMs = 15_000,
): Promise<RecordedEvent[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const taken: RecordedEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (taken.length < count) {
    const next = await withTimeout(iterator.next(), deadline - Date.now(), `${taken.length}/${count} events`);
    if (next.done) break;
    if (keep(next.value)) taken.push(next.value);
  }
  return taken;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), Math.max(ms, 0));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Reads the global log after `fromPosition` in pages of `pageSize` until `until` has been seen. */
export async function readAllPages(
  store: EventStore,
  fromPosition: bigint,
  pageSize: number,
  until: bigint,
): Promise<RecordedEvent[][]> {
  const pages: RecordedEvent[][] = [];
  let checkpoint = fromPosition;
  while (checkpoint < until) {
    const page = await store.readAll({ fromPosition: checkpoint, maxCount: pageSize });
    if (page.length === 0) break;
    pages.push(page);
    checkpoint = page[page.length - 1].position;
  }
  return pages;
}

export function positions(events: RecordedEvent[]): bigint[] {
  return events.map((event) => event.position);
}

export function isStrictlyIncreasing(values: bigint[]): boolean {
  return values.every((value, index) => index === 0 || value > values[index - 1]);
}
