import { InvalidPositionError } from '../event-store.errors';
import type { EventStore } from '../event-store.port';
import { newEvent, newEvents, readAllPages, uniqueStream, type ContractContext } from './contract-helpers';

async function streamOfFive(store: EventStore): Promise<string> {
  const stream = uniqueStream('read');
  await store.append(stream, newEvents(5), { expectedRevision: 'no_stream' });
  return stream;
}

const revisionsOf = (events: { revision: bigint }[]) => events.map((event) => event.revision);

export function describeReadContract(context: ContractContext): void {
  describe('readStream', () => {
    it('gives [] and no revision for an unknown stream', async () => {
      const stream = uniqueStream('unknown');
      expect(await context.store().readStream(stream)).toEqual([]);
      expect(await context.store().readStream(stream, { direction: 'backwards' })).toEqual([]);
      expect(await context.store().streamRevision(stream)).toBeUndefined();
    });

    it('gives back each event as it was appended', async () => {
      const stream = uniqueStream('intact');
      const event = newEvent(
        { users: 1200, market: 'IN', nested: { ok: true, list: [1, 'two', null] } },
        'BatchCopied',
      );
      const result = await context.store().append(stream, [event], { expectedRevision: 'no_stream' });
      const [read] = await context.store().readStream(stream);
      expect(read).toEqual({
        id: event.id,
        streamId: stream,
        revision: 0n,
        position: result.position,
        type: 'BatchCopied',
        data: event.data,
        metadata: event.metadata,
        recordedAt: expect.any(String),
      });
      expect(new Date(read.recordedAt).toISOString()).toBe(read.recordedAt);
      expect(await context.store().streamRevision(stream)).toBe(0n);
    });

    it('reads forwards from a revision (inclusive) with a maximum count', async () => {
      const stream = await streamOfFive(context.store());
      expect(revisionsOf(await context.store().readStream(stream))).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(revisionsOf(await context.store().readStream(stream, { fromRevision: 2n }))).toEqual([
        2n,
        3n,
        4n,
      ]);
      expect(
        revisionsOf(await context.store().readStream(stream, { fromRevision: 1n, maxCount: 2 })),
      ).toEqual([1n, 2n]);
      expect(await context.store().readStream(stream, { fromRevision: 9n })).toEqual([]);
    });

    it('reads backwards from the head or from a revision (inclusive) with a maximum count', async () => {
      const stream = await streamOfFive(context.store());
      const backwards = { direction: 'backwards' } as const;
      expect(revisionsOf(await context.store().readStream(stream, backwards))).toEqual([4n, 3n, 2n, 1n, 0n]);
      expect(revisionsOf(await context.store().readStream(stream, { ...backwards, maxCount: 1 }))).toEqual([
        4n,
      ]);
      expect(
        revisionsOf(await context.store().readStream(stream, { ...backwards, fromRevision: 2n })),
      ).toEqual([2n, 1n, 0n]);
      expect(
        revisionsOf(
          await context.store().readStream(stream, { ...backwards, fromRevision: 3n, maxCount: 2 }),
        ),
      ).toEqual([3n, 2n]);
    });
  });

  describe('readEvent', () => {
    it('finds an event of a stream by its id, however deep, and nothing under another stream or id', async () => {
      const store = context.store();
      const stream = uniqueStream('by-id');
      const first = newEvents(3);
      await store.append(stream, first, { expectedRevision: 'no_stream' });
      await store.append(stream, newEvents(5), { expectedRevision: 2n });
      const other = await streamOfFive(store);
      expect(store.readEvent).toBeDefined();
      const found = await store.readEvent?.(stream, first[1].id);
      const [expected] = await store.readStream(stream, { fromRevision: 1n, maxCount: 1 });
      expect(found).toEqual(expected);
      expect(found?.revision).toBe(1n);
      expect(await store.readEvent?.(other, first[1].id)).toBeUndefined();
      expect(await store.readEvent?.(stream, newEvent({}).id)).toBeUndefined();
      expect(await store.readEvent?.(uniqueStream('none'), first[0].id)).toBeUndefined();
    });
  });

  describe('readAll', () => {
    it('starts after fromPosition (exclusive) and pages without gaps or repeats', async () => {
      const stream = uniqueStream('paging');
      const mark = await context
        .store()
        .append(uniqueStream('paging-mark'), [newEvent()], { expectedRevision: 'any' });
      const written = newEvents(7);
      for (const event of written) await context.store().append(stream, [event], { expectedRevision: 'any' });
      const head = await context.store().readStream(stream, { direction: 'backwards', maxCount: 1 });

      const first = await context.store().readAll({ fromPosition: mark.position, maxCount: 1 });
      expect(first).toHaveLength(1);
      expect(first[0].position).toBeGreaterThan(mark.position);

      const pages = await readAllPages(context.store(), mark.position, 3, head[0].position);
      expect(pages.every((page) => page.length <= 3)).toBe(true);
      const ours = pages.flat().filter((event) => event.streamId === stream);
      expect(ours.map((event) => event.id)).toEqual(written.map((event) => event.id));
      const seen = pages.flat().map((event) => event.position);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('returns exactly maxCount events when more exist, and only later ones after the head', async () => {
      const mark = await context
        .store()
        .append(uniqueStream('limit-mark'), [newEvent()], { expectedRevision: 'any' });
      const result = await context
        .store()
        .append(uniqueStream('limit'), newEvents(3), { expectedRevision: 'any' });
      expect(await context.store().readAll({ fromPosition: mark.position, maxCount: 2 })).toHaveLength(2);
      const tail = await context.store().readAll({ fromPosition: result.position, maxCount: 10 });
      expect(tail.every((event) => event.position > result.position)).toBe(true);
    });

    it('refuses a fromPosition that is not an event\'s position, and accepts the start and every event\'s', async () => {
      const written = await context
        .store()
        .append(uniqueStream('invalid-position'), newEvents(2), { expectedRevision: 'any' });
      // One past an event is never an event on either store: the next event lies further on or nowhere.
      await expect(
        context.store().readAll({ fromPosition: written.position + 1n, maxCount: 1 }),
      ).rejects.toBeInstanceOf(InvalidPositionError);
      await expect(context.store().readAll({ fromPosition: 0n, maxCount: 1 })).resolves.toHaveLength(1);
      await expect(context.store().readAll({ fromPosition: written.position, maxCount: 1 })).resolves.toEqual([]);
    });
  });
}
