import type { RecordedEvent } from '../event-store.port';
import {
  isStrictlyIncreasing,
  newEvent,
  newEvents,
  positions,
  take,
  uniqueStream,
  withTimeout,
  type ContractContext,
} from './contract-helpers';

const ids = (events: { id: string }[]) => events.map((event) => event.id);
const inStream = (stream: string) => (event: RecordedEvent) => event.streamId === stream;

export function describeSubscriptionContract(context: ContractContext): void {
  describe('subscribeToAll', () => {
    it('catches up from a checkpoint in the middle, then delivers live events', async () => {
      const stream = uniqueStream('catch-up');
      const history = newEvents(5);
      const results = [];
      for (const event of history)
        results.push(await context.store().append(stream, [event], { expectedRevision: 'any' }));
      const subscription = context.store().subscribeToAll({ fromPosition: results[1].position });

      const caughtUp = await take(subscription, 3, inStream(stream));
      expect(ids(caughtUp)).toEqual(ids(history.slice(2)));

      const live = newEvents(4);
      const arriving = take(subscription, 4, inStream(stream));
      for (const event of live) await context.store().append(stream, [event], { expectedRevision: 'any' });
      const delivered = await arriving;
      expect(ids(delivered)).toEqual(ids(live));
      expect(isStrictlyIncreasing(positions([...caughtUp, ...delivered]))).toBe(true);
      await subscription.close();
    });

    it('delivers every event exactly once while a writer appends during catch-up', async () => {
      const stream = uniqueStream('switch-over');
      const mark = await context
        .store()
        .append(uniqueStream('switch-mark'), [newEvent()], { expectedRevision: 'any' });
      // More history than one page of any adapter, so catch-up pages and then switches to live.
      await context.store().append(stream, newEvents(1100), { expectedRevision: 'no_stream' });
      const subscription = context.store().subscribeToAll({ fromPosition: mark.position });
      const writer = (async () => {
        for (let index = 0; index < 40; index += 1) {
          await context.store().append(stream, [newEvent({ live: index })], { expectedRevision: 'any' });
        }
      })();
      const delivered = await take(subscription, 1140, inStream(stream), 30_000);
      await writer;
      const stored = await context.store().readStream(stream);
      expect(ids(delivered)).toEqual(ids(stored));
      await subscription.close();
    }, 60_000);

    it('resumes without gaps or repeats after a drop, from the last position it delivered', async () => {
      const stream = uniqueStream('resume');
      const mark = await context
        .store()
        .append(uniqueStream('resume-mark'), [newEvent()], { expectedRevision: 'any' });
      const writer = (async () => {
        for (let index = 0; index < 60; index += 1) {
          await context.store().append(stream, [newEvent({ index })], { expectedRevision: 'any' });
        }
      })();
      // A consumer whose subscription drops twice while the writer goes on: each time it subscribes again
      // from the position of the last event it was given, as the projection runner does.
      const delivered: RecordedEvent[] = [];
      let from = mark.position;
      for (const count of [15, 20]) {
        const dropped = context.store().subscribeToAll({ fromPosition: from });
        delivered.push(...(await take(dropped, count, inStream(stream), 30_000)));
        await dropped.close();
        from = delivered[delivered.length - 1].position;
      }
      const last = context.store().subscribeToAll({ fromPosition: from });
      delivered.push(...(await take(last, 60 - delivered.length, inStream(stream), 30_000)));
      await last.close();
      await writer;
      expect(ids(delivered)).toEqual(ids(await context.store().readStream(stream)));
      expect(isStrictlyIncreasing(positions(delivered))).toBe(true);
    }, 60_000);

    it('serves two subscribers independently', async () => {
      const stream = uniqueStream('two-subscribers');
      const mark = await context
        .store()
        .append(uniqueStream('two-mark'), [newEvent()], { expectedRevision: 'any' });
      const fast = context.store().subscribeToAll({ fromPosition: mark.position });
      const slow = context.store().subscribeToAll({ fromPosition: mark.position });
      const written = newEvents(10);
      const fastTaking = take(fast, 10, inStream(stream));
      for (const event of written) await context.store().append(stream, [event], { expectedRevision: 'any' });
      expect(ids(await fastTaking)).toEqual(ids(written));
      await fast.close();
      // The slow one has not read anything yet, and the other's close does not affect it.
      expect(ids(await take(slow, 10, inStream(stream)))).toEqual(ids(written));
      await slow.close();
    });

    it('ends iteration promptly on close(), also for a consumer waiting for the next event', async () => {
      const mark = await context
        .store()
        .append(uniqueStream('close-mark'), [newEvent()], { expectedRevision: 'any' });
      const subscription = context.store().subscribeToAll({ fromPosition: mark.position });
      const iterator = subscription[Symbol.asyncIterator]();
      const drained = (async () => {
        while (!(await iterator.next()).done);
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await subscription.close();
      await withTimeout(drained, 5_000, 'the subscription to end after close()');
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    });
  });
}
