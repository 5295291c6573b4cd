import type { RecordedEvent } from '@app/event-store';
import { ProjectionNotFailedError } from './projection.errors';
import { eventsByType, streamCounter } from './testing/test-projections';
import { eventually, readCounts, RunnerFixture } from './testing/runner-fixture';

const total = (rows: { events: number }[]) => rows.reduce((sum, row) => sum + row.events, 0);

describe('ProjectionRunner with a poison event', () => {
  let fixture: RunnerFixture;
  let broken: boolean;
  let attempts: number;
  const isPoison = (event: RecordedEvent) => broken && event.data.index === 42;
  const counter = streamCounter({
    poison: isPoison,
    onApply: (event) => void (event.data.index === 42 && (attempts += 1)),
  });

  beforeEach(async () => {
    fixture = new RunnerFixture();
    [broken, attempts] = [true, 0];
  });
  afterEach(() => fixture.close());

  async function failedRunner() {
    const head = await fixture.append(100);
    const runner = fixture.runner([counter, eventsByType()], { batchSize: 30 });
    await runner.start();
    await eventually(() => runner.status()[0].status === 'failed');
    const [poison] = await fixture.store
      .readAll({ fromPosition: 0n, maxCount: 100 })
      .then((events) => events.filter((event) => event.data.index === 42));
    return { runner, head, poison };
  }

  it('stops only that projection, just before the event, with nothing of its partial work', async () => {
    const { runner, head, poison } = await failedRunner();

    // The other projection goes on, and read-your-writes no longer waits for the failed one.
    expect(await runner.waitForPosition(head, 5000)).toBe(true);
    expect(runner.reader.get('events_by_type', 'SELECT count FROM {events_by_type}')).toEqual({ count: 100 });
    // The batch holding the poison event kept the events before it (and their checkpoint), not the event.
    expect(runner.checkpoint(counter.name)).toBe(poison.position - 1n);
    const before = Number(poison.position - 1n); // positions are dense on the embedded store
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(before);

    const [status, other] = runner.status();
    expect(status).toMatchObject({
      status: 'failed',
      lastError: 'Cannot count CounterIncremented 42',
      poison: {
        generation: 1,
        position: poison.position,
        streamId: poison.streamId,
        type: 'CounterIncremented',
      },
      counters: { eventsApplied: before, poisonEvents: 1 },
    });
    // Counted, not head - checkpoint: the poison event and every one after it (positions may have gaps).
    const checkpoint = runner.checkpoint(counter.name);
    const behind = (await fixture.store.readAll({ fromPosition: checkpoint, maxCount: 10_000 })).length;
    await eventually(() => runner.status()[0].lagEvents === behind);
    expect(other).toMatchObject({ status: 'live', checkpoint: head });
    expect(fixture.logger.lines).toContainEqual({
      level: 'error',
      message: expect.stringContaining(`stopped at event ${poison.position}`),
    });
    const row = fixture.db.prepare(
      'SELECT status, poison_position, poison_stream FROM projection_state WHERE name = ?',
    );
    expect(row.get(counter.name)).toEqual({
      status: 'failed',
      poison_position: Number(poison.position),
      poison_stream: poison.streamId,
    });
  });

  it('does not try the event again until told to', async () => {
    const { runner, poison } = await failedRunner();
    const head = await fixture.append(10, { offset: 100 });
    // The other projection applying the new events shows the runner read them: a failed lane taking part
    // would have met its poison event again in that very batch.
    await eventually(() => runner.checkpoint('events_by_type') === head);
    expect(attempts).toBe(1);
    expect(runner.checkpoint(counter.name)).toBe(poison.position - 1n);
    expect(runner.status()[0]).toMatchObject({ status: 'failed', counters: { poisonEvents: 1 } });
  });

  it('applies the event on retry once it is fixed', async () => {
    const { runner, head } = await failedRunner();
    expect(await runner.retry(counter.name)).toBe(true); // still broken: fails again, once
    await eventually(() => attempts === 2 && runner.status()[0].status === 'failed');

    broken = false;
    expect(await runner.retry(counter.name)).toBe(true);
    await eventually(() => runner.checkpoint(counter.name) === head);
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(100);
    expect(runner.status()[0]).toMatchObject({ status: 'live', lastError: undefined, poison: undefined });
    expect(await runner.retry(counter.name)).toBe(false);
  });

  it('skips exactly the poison event, and records it', async () => {
    const { runner, head, poison } = await failedRunner();
    const [skipped] = await runner.skip(counter.name);
    expect(skipped).toMatchObject({ position: poison.position, streamId: poison.streamId });

    await eventually(() => runner.checkpoint(counter.name) === head);
    expect(total(readCounts(runner, counter.name, counter.table))).toBe(99);
    expect(attempts).toBe(1);
    const records = fixture.db
      .prepare('SELECT name, position, stream_id, error FROM projection_skipped_event')
      .all();
    expect(records).toEqual([
      {
        name: counter.name,
        position: Number(poison.position),
        stream_id: poison.streamId,
        error: expect.any(String),
      },
    ]);
    await expect(runner.skip(counter.name)).rejects.toBeInstanceOf(ProjectionNotFailedError);
  });
});
