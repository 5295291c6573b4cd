import type { Filter } from '@eventstore/db-client';
import { EventStoreDbEventStore, type EventStoreDbClientLike } from './eventstoredb-event-store';

/** A client that only records the options of subscribeToAll (no server needed). */
function recordingClient(calls: { filter?: Filter }[]): EventStoreDbClientLike {
  return {
    subscribeToAll: ((options: { filter?: Filter }) => {
      calls.push(options);
      return { unsubscribe: async () => undefined, destroy: () => undefined };
    }) as never,
    dispose: async () => undefined,
  } as unknown as EventStoreDbClientLike;
}

describe('subscriptions to $all on EventStoreDB', () => {
  it('ask the server for the configured streams only', async () => {
    const calls: { filter?: Filter }[] = [];
    const store = new EventStoreDbEventStore({
      client: recordingClient(calls),
      streamFilterRegex: '^(program-|market-)',
    });
    await store.subscribeToAll().close();

    expect(calls[0].filter).toMatchObject({ filterOn: 'streamName', regex: '^(program-|market-)' });
  });

  it('without a filter, still leave out the system streams', async () => {
    const calls: { filter?: Filter }[] = [];
    const store = new EventStoreDbEventStore({ client: recordingClient(calls) });
    await store.subscribeToAll().close();

    expect(calls[0].filter).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
  });
});
