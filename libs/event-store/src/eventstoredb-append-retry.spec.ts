import { randomUUID } from 'node:crypto';
import {
  ANY,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type EventData,
} from '@eventstore/db-client';
import { AppendOutcomeUnknownError, WrongExpectedRevisionError } from './event-store.errors';
import type { EventToAppend } from './event-store.port';
import { EventStoreDbEventStore, type EventStoreDbClientLike } from './eventstoredb-event-store';

interface StoredFake {
  id: string;
  type: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  data: unknown;
  metadata: unknown;
}

/** What one append call does: reach the server or not, and whether its answer gets back. */
type Step = 'ok' | 'lost-before-write' | 'lost-after-write' | 'leader-changed-after-write';

const notLeader = (): NotLeaderError =>
  new NotLeaderError({
    metadata: { getMap: () => ({ 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' }) },
  } as never);

/**
 * A fake EventStoreDB with the server's append semantics that matter here: an append of ids already stored
 * right after the exact expected revision is answered as a success without writing; with `any` the server's
 * idempotency cache is taken to have expired (the worst case), so a resend would write again.
 */
class FakeServer {
  readonly log: StoredFake[] = [];
  readonly sent: { ids: string[]; expected: AppendExpectedRevision }[] = [];
  script: Step[] = [];

  readonly client: EventStoreDbClientLike = {
    appendToStream: (async (
      streamId: string,
      events: EventData[],
      options: { expectedRevision: AppendExpectedRevision },
    ) => {
      this.sent.push({ ids: events.map((event) => event.id ?? ''), expected: options.expectedRevision });
      const step = this.script.shift() ?? 'ok';
      if (step === 'lost-before-write') throw new UnavailableError(undefined, 'connection lost');
      const result = this.write(streamId, events, options.expectedRevision);
      if (step === 'lost-after-write') throw new DeadlineExceededError(undefined, 'deadline exceeded');
      if (step === 'leader-changed-after-write') throw notLeader();
      return { success: true, nextExpectedRevision: result, position: undefined };
    }) as never,
    readStream: ((
      streamId: string,
      options: { direction?: unknown; fromRevision?: unknown; maxCount?: number },
    ) => {
      const events = this.log.filter((event) => event.streamId === streamId);
      const backwards = String(options.direction) === 'backwards';
      const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : undefined;
      const selected = (backwards ? [...events].reverse() : events)
        .filter(
          (event) => from === undefined || (backwards ? event.revision <= from : event.revision >= from),
        )
        .slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
      return (async function* () {
        for (const event of selected) {
          yield {
            event: {
              ...event,
              position: { commit: event.position, prepare: event.position },
              created: new Date(0),
            },
          };
        }
      })();
    }) as never,
    readAll: (() => {
      throw new Error('not used');
    }) as never,
    subscribeToAll: (() => {
      throw new Error('not used');
    }) as never,
    dispose: async () => undefined,
  };

  private write(streamId: string, events: EventData[], expected: AppendExpectedRevision): bigint {
    const stream = this.log.filter((event) => event.streamId === streamId);
    const current = stream.length === 0 ? ('no_stream' as const) : BigInt(stream.length - 1);
    if (expected !== ANY) {
      const after = expected === NO_STREAM ? -1n : typeof expected === 'bigint' ? expected : undefined;
      if (after !== undefined && stream[Number(after + 1n)]?.id === events[0].id) {
        return after + BigInt(events.length); // idempotent: already written at this place
      }
      const matches =
        expected === NO_STREAM
          ? current === 'no_stream'
          : expected === 'stream_exists'
            ? current !== 'no_stream'
            : current === expected;
      if (!matches)
        throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current });
    }
    for (const event of events) {
      this.log.push({
        id: event.id ?? randomUUID(),
        type: event.type,
        streamId,
        revision: BigInt(this.log.filter((stored) => stored.streamId === streamId).length),
        position: BigInt((this.log.length + 1) * 100),
        data: event.data,
        metadata: event.metadata,
      });
    }
    return BigInt(this.log.filter((stored) => stored.streamId === streamId).length - 1);
  }
}

const events = (count: number): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'Stepped', data: { i }, metadata: {} }));

describe('an EventStoreDB append whose outcome is unknown', () => {
  let server: FakeServer;
  let store: EventStoreDbEventStore;

  beforeEach(() => {
    server = new FakeServer();
    store = new EventStoreDbEventStore({ client: server.client, appendAttempts: 3, appendRetryDelayMs: 0 });
  });

  it('is sent again with the same ids and expectation, and the server answers it without writing twice', async () => {
    await store.append('market-p-IN', events(1), { expectedRevision: 'no_stream' });
    server.script = ['lost-after-write'];
    const batch = events(2);

    const result = await store.append('market-p-IN', batch, { expectedRevision: 0n });

    expect(result).toEqual({ nextRevision: 2n, position: 300n });
    expect(server.sent.slice(1)).toEqual([
      { ids: batch.map((event) => event.id), expected: 0n },
      { ids: batch.map((event) => event.id), expected: 0n },
    ]);
    expect(server.log.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
  });

  it.each([
    ['a lost connection', 'lost-before-write'],
    ['a leader change', 'leader-changed-after-write'],
  ] as const)('settles after %s, written once', async (_, step) => {
    server.script = [step];
    const batch = events(1);

    const result = await store.append('market-p-IN', batch, { expectedRevision: 'no_stream' });

    expect(result.nextRevision).toBe(0n);
    expect(server.log.map((event) => event.id)).toEqual([batch[0].id]);
    expect(server.sent).toHaveLength(2);
  });

  it('answers a revision conflict when the resend shows the first send was not written', async () => {
    await store.append('market-p-IN', events(1), { expectedRevision: 'no_stream' });
    server.script = ['lost-before-write'];
    const theirs = events(1);
    const appendToStream = server.client.appendToStream.bind(server.client);
    // Another writer takes revision 1 between our two sends.
    let sends = 0;
    server.client.appendToStream = (async (...args: Parameters<typeof appendToStream>) => {
      if (++sends === 2)
        await appendToStream(
          'market-p-IN',
          theirs.map((e) => ({ ...e, contentType: 'application/json' })) as never,
          { expectedRevision: 0n },
        );
      return appendToStream(...args);
    }) as never;

    await expect(store.append('market-p-IN', events(1), { expectedRevision: 0n })).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(server.log.map((event) => event.id)).toEqual([server.log[0].id, theirs[0].id]);
  });

  it('says the outcome is unknown when no attempt settles it, having sent the same ids each time', async () => {
    server.script = ['lost-after-write', 'lost-before-write', 'lost-before-write'];
    const batch = events(2);

    const failure = store.append('market-p-IN', batch, { expectedRevision: 'no_stream' });

    await expect(failure).rejects.toBeInstanceOf(AppendOutcomeUnknownError);
    await expect(failure).rejects.toMatchObject({ eventIds: batch.map((event) => event.id) });
    expect(new Set(server.sent.map((send) => send.ids.join()))).toEqual(
      new Set([batch.map((e) => e.id).join()]),
    );
    expect(server.sent).toHaveLength(3);
  });

  it('with expectation any, looks for the ids before sending again instead of relying on the server cache', async () => {
    server.script = ['lost-after-write'];
    const batch = events(2);

    const result = await store.append('market-p-IN', batch, { expectedRevision: 'any' });

    expect(result).toEqual({ nextRevision: 1n, position: 200n });
    expect(server.sent).toHaveLength(1);
    expect(server.log).toHaveLength(2);
  });

  it('with expectation any, sends again when the ids are not there', async () => {
    server.script = ['lost-before-write'];

    await store.append('market-p-IN', events(1), { expectedRevision: 'any' });

    expect(server.sent).toHaveLength(2);
    expect(server.log).toHaveLength(1);
  });

  it('does not resend after a failure that says nothing was written', async () => {
    server.client.appendToStream = (async () => {
      throw new Error('invalid argument');
    }) as never;

    await expect(store.append('market-p-IN', events(1), { expectedRevision: 'any' })).rejects.toThrow(
      'invalid argument',
    );
  });

  it('treats a cancelled call as unknown too', async () => {
    let calls = 0;
    server.client.appendToStream = (async () => {
      calls++;
      throw new CancelledError(undefined, 'cancelled');
    }) as never;

    await expect(store.append('s', events(1), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      AppendOutcomeUnknownError,
    );
    expect(calls).toBe(3);
  });
});
