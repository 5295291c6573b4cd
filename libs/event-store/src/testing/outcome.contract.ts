import { randomUUID } from 'node:crypto';
import { FilteredEventStore } from '../filtered-event-store';
import {
  expectWrongRevision,
  newEvent,
  newEvents,
  take,
  uniqueStream,
  type ContractContext,
} from './contract-helpers';

/**
 * What a writer relies on after an append whose outcome it did not learn (EventStoreDB: a deadline, a lost
 * connection, a leader change), and what a reader of a shared log relies on to see only its own streams.
 * No server failure can be provoked here: "unknown" is the caller not knowing, so the first send is simply
 * not looked at, and the resend (same ids, same expectation) must settle it.
 */
export function describeOutcomeContract(context: ContractContext): void {
  describe('an unknown outcome settled by a resend with the same ids', () => {
    it('a resend of an append that was written, at the same exact revision, is answered with it, written once', async () => {
      const stream = uniqueStream('unknown');
      await context.store().append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      const events = newEvents(3);
      const first = context.store().append(stream, events, { expectedRevision: 0n });
      await first.catch(() => undefined); // the caller never learnt how this ended

      const resent = await context.store().append(stream, events, { expectedRevision: 0n });

      expect(resent).toEqual(await first);
      expect((await context.store().readStream(stream)).map((event) => event.id)).toEqual([
        expect.any(String),
        ...events.map((event) => event.id),
      ]);
    });

    it('a resend of an append that was not written, after another writer took the revision, is refused', async () => {
      const stream = uniqueStream('unknown');
      await context.store().append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      await context.store().append(stream, [newEvent()], { expectedRevision: 0n }); // the other writer
      const ours = newEvents(1);

      await expectWrongRevision(context.store().append(stream, ours, { expectedRevision: 0n }), 0n, 1n);
      expect((await context.store().readStream(stream)).map((event) => event.id)).not.toContain(ours[0].id);
    });
  });

  describe('idempotency with expected revision any', () => {
    it('an immediate resend of the same events with any is answered with the first result, written once', async () => {
      const stream = uniqueStream('any');
      await context.store().append(stream, [newEvent()], { expectedRevision: 'any' });
      const events = newEvents(2);
      const first = await context.store().append(stream, events, { expectedRevision: 'any' });

      expect(await context.store().append(stream, events, { expectedRevision: 'any' })).toEqual(first);
      expect(await context.store().readStream(stream)).toHaveLength(3);
    });
  });

  describe('a log shared with other streams', () => {
    it('never shows system streams or system events (EventStoreDB writes its own into $all)', async () => {
      await context.store().append(uniqueStream('system'), [newEvent()], { expectedRevision: 'no_stream' });
      const first = await context.store().readAll({ maxCount: 500 });

      expect(first.length).toBeGreaterThan(0);
      expect(first.filter((event) => event.streamId.startsWith('$') || event.type.startsWith('$'))).toEqual(
        [],
      );
    });

    it('read through a stream filter, skips the others in readAll and in a subscription', async () => {
      const prefix = `contract_ours-${randomUUID()}-`;
      const filtered = new FilteredEventStore(context.store(), (streamId) => streamId.startsWith(prefix));
      const start = await lastPosition(context);
      await context.store().append(`${prefix}a`, [newEvent({ n: 0 })], { expectedRevision: 'no_stream' });
      for (let i = 0; i < 3; i++) {
        await context
          .store()
          .append(uniqueStream('theirs'), newEvents(60), { expectedRevision: 'no_stream' });
      }
      await context.store().append(`${prefix}a`, [newEvent({ n: 1 })], { expectedRevision: 0n });

      const read = await filtered.readAll({ fromPosition: start, maxCount: 2 });
      expect(read.map((event) => event.data)).toEqual([{ n: 0 }, { n: 1 }]);
      const subscription = filtered.subscribeToAll({ fromPosition: start });
      try {
        const seen = await take(subscription, 2, () => true);
        expect(seen.map((event) => [event.streamId, event.data])).toEqual([
          [`${prefix}a`, { n: 0 }],
          [`${prefix}a`, { n: 1 }],
        ]);
      } finally {
        await subscription.close();
      }
    });
  });
}

/** A position at the log's head now (a shared EventStoreDB may hold much before this test): a marker's. */
async function lastPosition(context: ContractContext): Promise<bigint> {
  const stream = uniqueStream('marker');
  const result = await context.store().append(stream, [newEvent()], { expectedRevision: 'no_stream' });
  return result.position;
}
