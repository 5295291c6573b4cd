import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { LiveFeed } from './live-feed';
import { WakeSignal } from './wake-signal';

const event = (index: number) => ({ id: randomUUID(), type: 'Ticked', data: { index }, metadata: {} });
const quiet = new WakeSignal(); // never notified

describe('LiveFeed', () => {
  let dir: string;
  let store: SqliteEventStore;
  let feed: LiveFeed;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'live-feed-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), durability: 'normal' });
    feed = new LiveFeed(store);
  });
  afterEach(async () => {
    await feed.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the next append and takes a burst as one batch', async () => {
    const waiting = feed.next(0n, 100, quiet);
    await store.append('s', [event(0)], { expectedRevision: 'any' });
    expect((await waiting).map((e) => e.position)).toEqual([1n]);

    await Promise.all(
      [1, 2, 3].map((index) => store.append('s', [event(index)], { expectedRevision: 'any' })),
    );
    expect((await feed.next(1n, 100, quiet)).map((e) => e.position)).toEqual([2n, 3n, 4n]);
  });

  it('hands out at most `max` events, and the rest on the next call', async () => {
    await store.append('s', [0, 1, 2, 3, 4].map(event), { expectedRevision: 'any' });
    expect((await feed.next(0n, 3, quiet)).map((e) => e.position)).toEqual([1n, 2n, 3n]);
    expect((await feed.next(3n, 3, quiet)).map((e) => e.position)).toEqual([4n, 5n]);
  });

  it('returns nothing when interrupted, and loses nothing by it', async () => {
    const wake = new WakeSignal();
    const interrupted = feed.next(0n, 10, wake);
    await new Promise((resolve) => setImmediate(resolve)); // the feed is waiting now
    wake.notify();
    expect(await interrupted).toEqual([]);
    await store.append('s', [event(0)], { expectedRevision: 'any' });
    expect((await feed.next(0n, 10, quiet)).map((e) => e.position)).toEqual([1n]);
  });

  it('starts over from wherever it is asked', async () => {
    await store.append('s', [0, 1, 2].map(event), { expectedRevision: 'any' });
    expect((await feed.next(2n, 10, quiet)).map((e) => e.position)).toEqual([3n]);
    expect((await feed.next(0n, 10, quiet)).map((e) => e.position)).toEqual([1n, 2n, 3n]);
  });
});
