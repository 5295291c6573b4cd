import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programDecider, programStreamId, type ProgramCommand } from '@app/domain';
import {
  AppendOutcomeUnknownError,
  EventStoreUnavailableError,
  SqliteEventStore,
  type AppendOptions,
  type EventStore,
  type EventToAppend,
} from '@app/event-store';
import { toErrorBody } from '../errors/error-body';
import { AppMetrics } from '../metrics/metrics.registry';
import { StreamWriter } from '../write/stream-writer';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { keyedRequest } from './idempotency-scope';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentWrites } from './idempotent-writes';

const STREAM = programStreamId('p');
const revise = (deadline: string): ProgramCommand => ({
  type: 'ReviseDeadline',
  data: { deadline, reason: 'regulator asked' },
});

/**
 * The real embedded store, except that the next append may fail the way an EventStoreDB append can: without
 * saying whether it was written. 'after' writes and then fails; 'before' fails having written nothing; 'down'
 * fails as an unreachable store (known: nothing written).
 */
class UnsureStore {
  next: 'after' | 'before' | 'down' | undefined;
  /** Runs once before the next stream read: another replica's write landing just then. */
  beforeNextRead: (() => Promise<unknown>) | undefined;
  /** Runs once before the next append. */
  beforeNextAppend: (() => Promise<unknown>) | undefined;
  readonly store: EventStore;

  constructor(inner: SqliteEventStore) {
    this.store = Object.assign(Object.create(inner) as EventStore, {
      readStream: async (...args: Parameters<EventStore['readStream']>) => {
        const landing = this.beforeNextRead;
        this.beforeNextRead = undefined;
        await landing?.();
        return inner.readStream(...args);
      },
      append: async (streamId: string, events: EventToAppend[], options: AppendOptions) => {
        const landing = this.beforeNextAppend;
        this.beforeNextAppend = undefined;
        await landing?.();
        const failure = this.next;
        this.next = undefined;
        if (failure === 'down') throw new EventStoreUnavailableError('store unreachable');
        if (failure === 'before')
          throw new AppendOutcomeUnknownError(
            streamId,
            events.map((e) => e.id),
          );
        const result = await inner.append(streamId, events, options);
        if (failure === 'after')
          throw new AppendOutcomeUnknownError(
            streamId,
            events.map((e) => e.id),
          );
        return result;
      },
    });
  }
}

describe('a keyed request whose append outcome is unknown', () => {
  let dir: string;
  let events: SqliteEventStore;
  let unsure: UnsureStore;
  let idempotency: IdempotencyStore;
  let writer: StreamWriter;
  /** The program decider, watched: whether a retry decided again or found what was written. */
  let decider: typeof programDecider & { decide: jest.Mock };

  beforeEach(async () => {
    decider = { ...programDecider, decide: jest.fn(programDecider.decide) };
    dir = mkdtempSync(join(tmpdir(), 'outcome-unknown-'));
    events = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    unsure = new UnsureStore(events);
    idempotency = new IdempotencyStore(join(dir, 'idempotency.sqlite'));
    writer = new StreamWriter(
      unsure.store,
      () => new Date('2014-06-01T00:00:00Z'),
      new AppMetrics(),
      new IdempotentWrites(idempotency, () => new Date()),
    );
    await writer.execute(
      STREAM,
      programDecider,
      {
        type: 'CreateProgram',
        data: {
          programId: 'p',
          name: 'P',
          sourceRegion: 'cn-north',
          deadline: '2014-10-31T15:59:59.999Z',
          timeZone: 'Asia/Singapore',
          dataCategories: ['contacts'],
        },
      },
      { principal: { name: 'ops', role: 'operator' }, correlationId: 'c0' },
    );
  });

  afterEach(async () => {
    idempotency.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One POST /programs/p/deadline with this key, as its controller hands it to the writer. */
  const send = async (key: string, deadline: string, ifMatch?: bigint) => {
    const request = deadlineRequest(key, deadline, ifMatch);
    let replayed = false;
    try {
      const body = await writer.execute(STREAM, decider, revise(deadline), {
        principal: { name: 'ops', role: 'operator' },
        correlationId: key,
        idempotencyKey: key,
        idempotency: keyedRequest(request, key),
        onReplayed: () => (replayed = true),
        expectedRevision: ifMatch,
      });
      return { status: 201, body, replayed };
    } catch (error) {
      const [status, body] = toErrorBody(error);
      return { status, body, replayed: false };
    }
  };

  /**
   * Another replica on the same event store whose look for a mark found none (it looked before this one took
   * its mark, or this one looked before it took its own): its records are another file here.
   */
  const otherReplica = (at: string) => {
    const records = new IdempotencyStore(join(dir, `other-${at}.sqlite`));
    others.push(records);
    const clock = () => new Date(at);
    return new StreamWriter(events, clock, new AppMetrics(), new IdempotentWrites(records, clock));
  };
  const others: IdempotencyStore[] = [];
  afterEach(() => others.splice(0).forEach((records) => records.close()));

  const stored = async () => (await events.readStream(STREAM)).map((event) => event.type);

  it('is answered 503 outcome_unknown and keeps its mark; the retry finds what was written', async () => {
    unsure.next = 'after';
    const first = await send('k1', '2014-11-30T00:00:00Z');
    expect(first).toMatchObject({ status: 503, body: { error: 'outcome_unknown' } });
    const [mark] = [...idempotencyRows(idempotency)];
    expect(mark).toMatchObject({ since: expect.any(String) });

    decider.decide.mockClear();
    const retry = await send('k1', '2014-11-30T00:00:00Z');

    expect(retry).toMatchObject({ status: 201, body: { streamId: STREAM, revision: 1 }, replayed: true });
    expect(decider.decide).not.toHaveBeenCalled(); // found first, not decided again
    expect(await stored()).toEqual(['ProgramCreated', 'DeadlineRevised']);
    expect(await send('k1', '2014-11-30T00:00:00Z')).toEqual(retry);
  });

  it('when the first attempt had not written, the retry writes the step once', async () => {
    unsure.next = 'before';
    expect((await send('k2', '2014-12-01T00:00:00Z')).status).toBe(503);

    const retry = await send('k2', '2014-12-01T00:00:00Z');

    expect(retry).toMatchObject({ status: 201, body: { revision: 1 }, replayed: false });
    expect(await stored()).toEqual(['ProgramCreated', 'DeadlineRevised']);
  });

  it('a store known to have written nothing gives 503 store_unavailable and drops the mark', async () => {
    unsure.next = 'down';
    expect(await send('k3', '2014-12-01T00:00:00Z')).toMatchObject({
      status: 503,
      body: { error: 'store_unavailable' },
    });
    expect([...idempotencyRows(idempotency)]).toEqual([]);
  });

  it('runs on another replica at the same moment: its events are found by their ids, answered as a replay', async () => {
    // Replica A wrote the step with key k4, and this replica found no mark: it looked before A had begun one
    // (the records are shared). Deciding again on a stream that holds A's step would refuse or repeat it.
    const other = otherReplica('2014-06-01T00:00:00Z');
    const written = await other.execute(STREAM, programDecider, revise('2014-12-15T00:00:00Z'), {
      principal: { name: 'ops', role: 'operator' },
      correlationId: 'k4',
      idempotencyKey: 'k4',
      idempotency: keyedRequest(deadlineRequest('k4', '2014-12-15T00:00:00Z'), 'k4'),
    });

    const answer = await send('k4', '2014-12-15T00:00:00Z');

    expect(answer).toMatchObject({ status: 201, body: written, replayed: true });
    expect(await stored()).toEqual(['ProgramCreated', 'DeadlineRevised']);
  });

  it('takes the mark and writes without looking anything up by id (a stream scan on EventStoreDB)', async () => {
    const lookups = jest.spyOn(unsure.store, 'readEvent');
    expect(await send('k5', '2014-12-20T00:00:00Z')).toMatchObject({ status: 201, replayed: false });
    expect(lookups).not.toHaveBeenCalled();
    expect(await stored()).toEqual(['ProgramCreated', 'DeadlineRevised']);
  });

  it('took the mark, and the other replica (which found it) wrote first: its answer, not a 409', async () => {
    // This replica takes the mark; replica A, which looked a moment earlier and found none, fails to take it
    // and writes the step before this one reads the stream. With If-Match at the old revision, refusing would
    // answer 409 to a request whose step is in the log.
    const other = otherReplica('2014-06-01T00:00:00Z');
    let written: unknown;
    unsure.beforeNextRead = async () => {
      written = await other.execute(STREAM, programDecider, revise('2014-12-24T00:00:00Z'), {
        principal: { name: 'ops', role: 'operator' },
        correlationId: 'k6',
        idempotencyKey: 'k6',
        idempotency: keyedRequest(deadlineRequest('k6', '2014-12-24T00:00:00Z', 0n), 'k6'),
        expectedRevision: 0n,
      });
    };

    const answer = await send('k6', '2014-12-24T00:00:00Z', 0n);

    expect(answer).toMatchObject({ status: 201, replayed: true });
    expect(answer.body).toEqual(written);
    expect(await stored()).toEqual(['ProgramCreated', 'DeadlineRevised']);
  });

  it('found the mark of an attempt still running elsewhere, which wrote after our look: its answer, not a 409', async () => {
    // The other replica's attempt with this key holds the mark (it is running); this one looks first and finds
    // nothing yet, then another command and the other's step land before this one appends with If-Match (its
    // ids then stand at another revision: no meeting in the store, a refusal).
    const keyed = keyedRequest(deadlineRequest('k10', '2014-12-28T00:00:00Z', 0n), 'k10');
    idempotency.begin(keyed.scope, keyed.key, keyed.fingerprint, new Date('2014-06-01T00:00:00Z'));
    const other = otherReplica('2014-06-01T00:00:02Z');
    let written: unknown;
    unsure.beforeNextAppend = async () => {
      await other.execute(STREAM, programDecider, revise('2015-01-15T00:00:00Z'), {
        principal: { name: 'ops', role: 'operator' },
        correlationId: 'next',
      });
      written = await other.execute(STREAM, programDecider, revise('2014-12-28T00:00:00Z'), {
        principal: { name: 'ops', role: 'operator' },
        correlationId: 'k10',
        idempotencyKey: 'k10',
        idempotency: keyed,
      });
    };

    const answer = await send('k10', '2014-12-28T00:00:00Z', 0n);

    expect(answer).toMatchObject({ status: 201, replayed: true });
    expect(answer.body).toEqual(written);
    expect(await stored()).toEqual(['ProgramCreated', 'DeadlineRevised', 'DeadlineRevised']);
  });

  it('met the other replica in the store (same ids, same place): written once, its answer, as a replay', async () => {
    // Both replicas decided on the same revision; the other appended first. The store takes ours as a repeat of
    // its append (same ids at the same place) and answers with what it holds: this attempt wrote nothing.
    const other = otherReplica('2014-06-01T00:00:01Z');
    let written: unknown;
    unsure.beforeNextAppend = async () => {
      written = await other.execute(STREAM, programDecider, revise('2014-12-26T00:00:00Z'), {
        principal: { name: 'ops', role: 'operator' },
        correlationId: 'other',
        idempotencyKey: 'k7',
        idempotency: keyedRequest(deadlineRequest('k7', '2014-12-26T00:00:00Z'), 'k7'),
      });
    };

    const answer = await send('k7', '2014-12-26T00:00:00Z');

    expect(answer).toMatchObject({ status: 201, replayed: true });
    expect(answer.body).toEqual(written);
    expect(await stored()).toEqual(['ProgramCreated', 'DeadlineRevised']);
    const replay = await send('k7', '2014-12-26T00:00:00Z');
    expect(replay).toMatchObject({ status: 201, body: written, replayed: true });
  });

  it('wrote its own step: not a replay, though it read the stream back', async () => {
    const answer = await send('k8', '2014-12-27T00:00:00Z');
    expect(answer).toMatchObject({ status: 201, replayed: false });
  });

  /** POST /programs/p/deadline as the server sees it: what the key's scope and fingerprint are made of. */
  const deadlineRequest = (key: string, deadline: string, ifMatch?: bigint) =>
    ({
      headers: { 'idempotency-key': key, ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }) },
      body: { deadline, reason: 'regulator asked' },
      method: 'POST',
      url: '/programs/p/deadline',
      routeOptions: { url: '/programs/:programId/deadline' },
      params: { programId: 'p' },
      principal: { name: 'ops', role: 'operator' },
    }) as unknown as AuthenticatedRequest;

  /** Every record the idempotency store holds for the deadline route (the scope is the store's business). */
  function* idempotencyRows(store: IdempotencyStore) {
    const scope = JSON.stringify({
      caller: 'ops',
      method: 'POST',
      params: { programId: 'p' },
      route: '/programs/:programId/deadline',
    });
    for (const key of ['k1', 'k2', 'k3']) {
      const found = store.find(scope, key);
      if (found && 'since' in found) yield found;
    }
  }
});
