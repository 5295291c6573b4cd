import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programDecider, programStreamId, type ProgramCommand } from '@app/domain';
import {
  SqliteEventStore,
  WrongExpectedRevisionError,
  type AppendOptions,
  type EventStore,
  type EventToAppend,
} from '@app/event-store';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { IdempotentWrites } from '../idempotency/idempotent-writes';
import { AppMetrics } from '../metrics/metrics.registry';
import { StreamWriter } from './stream-writer';

const STREAM = programStreamId('p');
const create: ProgramCommand = {
  type: 'CreateProgram',
  data: {
    programId: 'p',
    name: 'P',
    sourceRegion: 'cn-north',
    deadline: '2014-10-31T15:59:59.999Z',
    timeZone: 'Asia/Singapore',
    dataCategories: ['contacts'],
  },
};
const context = { principal: { name: 'ops', role: 'operator' as const }, correlationId: 'c' };

describe('the writer retrying a command after a lost race', () => {
  let dir: string;
  let inner: SqliteEventStore;
  const sent: string[][] = [];
  let racesToLose = 0;
  let store: EventStore;
  let idempotency: IdempotencyStore | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stream-writer-'));
    inner = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    sent.length = 0;
    racesToLose = 0;
    // The race is lost without writing, as when another replica took the revision first.
    store = Object.assign(Object.create(inner) as EventStore, {
      append: (streamId: string, events: EventToAppend[], options: AppendOptions) => {
        sent.push(events.map((event) => event.id));
        if (racesToLose-- > 0) throw new WrongExpectedRevisionError(streamId, options.expectedRevision, 0n);
        return inner.append(streamId, events, options);
      },
    });
  });

  /** Commands without an Idempotency-Key: the idempotency records are never asked. */
  const newWriter = () => {
    const clock = () => new Date('2014-06-01T00:00:00Z');
    idempotency = new IdempotencyStore(join(dir, 'idempotency.sqlite'));
    return new StreamWriter(store, clock, new AppMetrics(), new IdempotentWrites(idempotency, clock));
  };

  afterEach(async () => {
    idempotency?.close();
    await inner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the same event ids on every attempt of one command, without an Idempotency-Key', async () => {
    racesToLose = 2;
    const writer = newWriter();

    await writer.execute(STREAM, programDecider, create, context);

    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((ids) => ids.join()))).toEqual(new Set([sent[0].join()]));
    expect((await inner.readStream(STREAM)).map((event) => event.id)).toEqual(sent[0]);
  });

  it('keeps retrying past a dozen lost races while the other writer works through its queue, then gives up', async () => {
    racesToLose = 20;
    const writer = newWriter();
    await writer.execute(STREAM, programDecider, create, context);
    expect(sent).toHaveLength(21);

    racesToLose = Number.POSITIVE_INFINITY;
    const started = performance.now();
    await expect(
      writer.execute(
        programStreamId('q'),
        programDecider,
        { ...create, data: { ...create.data, programId: 'q' } },
        context,
      ),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    // Bounded by time, not only by attempts: a few seconds, then the 409.
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('gives another command other ids', async () => {
    const writer = newWriter();
    await writer.execute(STREAM, programDecider, create, context);
    await writer.execute(
      STREAM,
      programDecider,
      { type: 'ReviseDeadline', data: { deadline: '2014-11-30T00:00:00Z', reason: 'asked' } },
      context,
    );

    expect(sent[0]).not.toEqual(sent[1]);
  });
});
