import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type EventStore } from '@app/event-store';
import { LagCounter } from './lag-counter';
import { eventually } from './testing/runner-fixture';

describe('LagCounter', () => {
  let dir: string;
  let store: SqliteEventStore;
  let positions: bigint[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lag-counter-'));
    // Sparse positions, as on EventStoreDB: head - checkpoint is far more than the events between them.
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), positionGaps: true });
    const events = Array.from({ length: 25 }, () => ({
      id: randomUUID(),
      type: 'T',
      data: {},
      metadata: {},
    }));
    await store.append('s', events, { expectedRevision: 'no_stream' });
    positions = (await store.readAll()).map((event) => event.position);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The port without the store's own count: the counter pages through readAll. */
  const withoutCount = (): EventStore =>
    ({
      readAll: (options) => store.readAll(options),
    }) as EventStore;

  it.each([
    ["with the store's count", () => store as EventStore],
    ['paging the log', withoutCount],
  ])('counts the events between a checkpoint and the head, not their distance (%s)', async (_how, port) => {
    const counter = new LagCounter(port());
    const head = positions[24];
    expect(head - positions[4]).toBeGreaterThan(20n);
    counter.refresh(
      [
        { key: 'behind', checkpoint: positions[4] },
        { key: 'new', checkpoint: 0n },
        { key: 'live', checkpoint: head },
      ],
      head,
    );
    await eventually(() => counter.events('behind', positions[4], head) !== undefined);
    await eventually(() => counter.events('new', 0n, head) !== undefined);
    expect(counter.events('behind', positions[4], head)).toBe(20);
    expect(counter.events('new', 0n, head)).toBe(25);
    expect(counter.events('live', head, head)).toBe(0);
    // Up to the head it was given, not beyond.
    const upTo = new LagCounter(port());
    upTo.refresh([{ key: 'k', checkpoint: positions[0] }], positions[9]);
    await eventually(() => upTo.events('k', positions[0], positions[9]) !== undefined);
    expect(upTo.events('k', positions[0], positions[9])).toBe(9);
  });
});
