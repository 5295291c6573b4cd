import { WrongExpectedRevisionError } from '../event-store.errors';
import {
  expectWrongRevision,
  isStrictlyIncreasing,
  newEvent,
  newEvents,
  positions,
  uniqueStream,
  type ContractContext,
} from './contract-helpers';

export function describeAppendContract(context: ContractContext): void {
  describe('append with an expected revision', () => {
    it('no_stream creates a stream and refuses once it exists', async () => {
      const stream = uniqueStream('no-stream');
      const result = await context.store().append(stream, newEvents(2), { expectedRevision: 'no_stream' });
      expect(result.nextRevision).toBe(1n);
      await expectWrongRevision(
        context.store().append(stream, [newEvent()], { expectedRevision: 'no_stream' }),
        'no_stream',
        1n,
      );
    });

    it('stream_exists refuses a missing stream and accepts an existing one', async () => {
      const stream = uniqueStream('stream-exists');
      await expectWrongRevision(
        context.store().append(stream, [newEvent()], { expectedRevision: 'stream_exists' }),
        'stream_exists',
        'no_stream',
      );
      await context.store().append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      const result = await context
        .store()
        .append(stream, [newEvent()], { expectedRevision: 'stream_exists' });
      expect(result.nextRevision).toBe(1n);
    });

    it('any appends to a missing and to an existing stream', async () => {
      const stream = uniqueStream('any');
      expect(
        (await context.store().append(stream, [newEvent()], { expectedRevision: 'any' })).nextRevision,
      ).toBe(0n);
      expect(
        (await context.store().append(stream, [newEvent()], { expectedRevision: 'any' })).nextRevision,
      ).toBe(1n);
    });

    it('an exact revision appends at the head and refuses a stale, a future or a missing head', async () => {
      const stream = uniqueStream('exact');
      await expectWrongRevision(
        context.store().append(stream, [newEvent()], { expectedRevision: 0n }),
        0n,
        'no_stream',
      );
      await context.store().append(stream, newEvents(2), { expectedRevision: 'no_stream' });
      const result = await context.store().append(stream, [newEvent()], { expectedRevision: 1n });
      expect(result.nextRevision).toBe(2n);
      await expectWrongRevision(
        context.store().append(stream, [newEvent()], { expectedRevision: 1n }),
        1n,
        2n,
      );
      await expectWrongRevision(
        context.store().append(stream, [newEvent()], { expectedRevision: 7n }),
        7n,
        2n,
      );
      expect(await context.store().streamRevision(stream)).toBe(2n);
    });

    it('of two appends racing on the same revision exactly one wins, for every pair', async () => {
      const streams = Array.from({ length: 25 }, () => uniqueStream('race'));
      await Promise.all(
        streams.map((s) => context.store().append(s, [newEvent()], { expectedRevision: 'no_stream' })),
      );
      const races = await Promise.all(
        streams.map((stream) =>
          Promise.allSettled([
            context.store().append(stream, [newEvent({ racer: 'a' })], { expectedRevision: 0n }),
            context.store().append(stream, [newEvent({ racer: 'b' })], { expectedRevision: 0n }),
          ]),
        ),
      );
      for (const [index, outcomes] of races.entries()) {
        const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        expect(losers[0]).toBeInstanceOf(WrongExpectedRevisionError);
        expect(losers[0]).toMatchObject({ expected: 0n, actual: 1n });
        expect(await context.store().readStream(streams[index])).toHaveLength(2);
      }
    });

    it('a refused multi-event append writes none of its events', async () => {
      const stream = uniqueStream('atomic');
      const before = await context.store().append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      const refused = newEvents(3);
      await expectWrongRevision(context.store().append(stream, refused, { expectedRevision: 5n }), 5n, 0n);
      expect(await context.store().readStream(stream)).toHaveLength(1);
      const ids = new Set(refused.map((event) => event.id));
      const after = await context.store().readAll({ fromPosition: before.position, maxCount: 10_000 });
      expect(after.filter((event) => ids.has(event.id))).toEqual([]);
    });

    it('an empty append writes nothing, still checks the expectation and reports the head', async () => {
      const stream = uniqueStream('empty');
      expect((await context.store().append(stream, [], { expectedRevision: 'no_stream' })).nextRevision).toBe(
        -1n,
      );
      const written = await context.store().append(stream, newEvents(2), { expectedRevision: 'no_stream' });
      expect(await context.store().append(stream, [], { expectedRevision: 1n })).toEqual(written);
      await expectWrongRevision(context.store().append(stream, [], { expectedRevision: 0n }), 0n, 1n);
      expect(await context.store().readStream(stream)).toHaveLength(2);
    });
  });

  describe('the largest append', () => {
    // EventStoreDB refuses an append over its MaxAppendSize (1 MiB by default); the tracker's largest (an
    // import's batch, a checkpoint, a key rotation) stay far below it. Just under it must work on every store.
    it('an append of 900 events, 1 MB in all, is written whole, in order, and read back intact', async () => {
      const stream = uniqueStream('largest');
      const filler = 'x'.repeat(1000);
      const events = newEvents(900, (index) => ({ index, filler }));
      const bytes = events.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0);
      expect(bytes).toBeGreaterThan(900_000);
      expect(bytes).toBeLessThan(1_000_000);
      const result = await context.store().append(stream, events, { expectedRevision: 'no_stream' });
      expect(result.nextRevision).toBe(899n);
      const stored = await context.store().readStream(stream);
      expect(stored.map((event) => event.id)).toEqual(events.map((event) => event.id));
      expect(stored.map((event) => event.data)).toEqual(events.map((event) => event.data));
    });
  });

  describe('revisions and positions', () => {
    it('numbers a stream 0, 1, 2... and reports the position of the last event written', async () => {
      const stream = uniqueStream('numbering');
      const first = await context.store().append(stream, newEvents(3), { expectedRevision: 'no_stream' });
      const second = await context.store().append(stream, newEvents(2), { expectedRevision: 2n });
      const events = await context.store().readStream(stream);
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(isStrictlyIncreasing(positions(events))).toBe(true);
      expect(first).toEqual({ nextRevision: 2n, position: events[2].position });
      expect(second).toEqual({ nextRevision: 4n, position: events[4].position });
    });

    it('orders the global log in commit order across streams', async () => {
      const streams = [uniqueStream('order-a'), uniqueStream('order-b'), uniqueStream('order-c')];
      const start = await context
        .store()
        .append(uniqueStream('order-mark'), [newEvent()], { expectedRevision: 'any' });
      const committed: string[] = [];
      for (let round = 0; round < 4; round += 1) {
        for (const stream of streams) {
          const event = newEvent({ round });
          await context.store().append(stream, [event], { expectedRevision: 'any' });
          committed.push(event.id);
        }
      }
      const log = await context.store().readAll({ fromPosition: start.position, maxCount: 10_000 });
      const ours = log.filter((event) => streams.includes(event.streamId));
      expect(ours.map((event) => event.id)).toEqual(committed);
      expect(isStrictlyIncreasing(positions(log))).toBe(true);
    });
  });

  describe('idempotent retries (EventStoreDB semantics)', () => {
    it('a retried append whose first attempt committed returns the original result and writes nothing', async () => {
      const stream = uniqueStream('retry');
      const events = newEvents(2);
      const original = await context.store().append(stream, events, { expectedRevision: 'no_stream' });
      expect(await context.store().append(stream, events, { expectedRevision: 'no_stream' })).toEqual(
        original,
      );
      const next = newEvents(1);
      const later = await context.store().append(stream, next, { expectedRevision: 1n });
      await context.store().append(stream, [newEvent()], { expectedRevision: 2n });
      // Retried after someone else appended: still answered from the first attempt.
      expect(await context.store().append(stream, next, { expectedRevision: 1n })).toEqual(later);
      expect(await context.store().append(stream, events, { expectedRevision: 'no_stream' })).toEqual(
        original,
      );
      expect(await context.store().readStream(stream)).toHaveLength(4);
    });
  });
}
