import type { EventStore, ReadAllOptions, RecordedEvent } from '@app/event-store';
import { eventsByType, streamCounter } from './testing/test-projections';
import { eventually, readCounts, RunnerFixture } from './testing/runner-fixture';

const total = (rows: { events: number }[]) => rows.reduce((sum, row) => sum + row.events, 0);

/**
 * A trailing projection (Projection.trailing) is an accelerator the others do not wait for: it catches up
 * after them, read-your-writes ignores it, and it shares the live batches once everything is at the head.
 */
describe('ProjectionRunner with a trailing projection', () => {
  let fixture: RunnerFixture;
  /** What the runner did, in order: `read <from>` and `<projection> <position>` for each event applied. */
  let steps: string[];
  beforeEach(() => {
    fixture = new RunnerFixture();
    steps = [];
  });
  afterEach(() => fixture.close());

  const record = (name: string) => (event: RecordedEvent) => steps.push(`${name} ${event.position}`);
  const lead = () => streamCounter({ name: 'lead', onApply: record('lead') });
  const trail = () => streamCounter({ name: 'trail', trailing: true, onApply: record('trail') });
  /** The fixture's store, recording each page read. */
  const recordingStore = (): EventStore => {
    const store = fixture.store;
    return Object.assign(Object.create(store) as EventStore, {
      readAll: (options: ReadAllOptions = {}) => {
        steps.push(`read ${options.fromPosition ?? 0n}`);
        return store.readAll(options);
      },
    });
  };
  const firstStep = (prefix: string) => steps.findIndex((step) => step.startsWith(prefix));
  /** `events` in the log, and a runner of a leading and a trailing counter started on it. */
  const started = async (events: number, batchSize: number) => {
    const head = await fixture.append(events);
    const [leading, trailing] = [lead(), trail()];
    const runner = fixture.runner([leading, trailing], { batchSize });
    await runner.start();
    return { head, leading, trailing, runner };
  };

  it('lets the other projections page through the log alone and reach the head before it applies anything', async () => {
    const head = await fixture.append(3000);
    const [leading, trailing] = [lead(), trail()];
    const runner = fixture.runner([trailing, leading, eventsByType()], {
      store: recordingStore(),
      batchSize: 100,
    });
    await runner.start();
    expect(await runner.waitForProjection(trailing.name, head, 10_000)).toBe(true);
    await runner.stop();

    const leadReachedHead = steps.indexOf(`lead ${head}`);
    expect(leadReachedHead).toBeGreaterThan(0);
    expect(firstStep('trail ')).toBeGreaterThan(leadReachedHead);
    // Alone, the leading lanes shared one read per page: each page read once, in order, 30 pages and the end.
    const leadingReads = steps.slice(0, leadReachedHead).filter((step) => step.startsWith('read'));
    expect(leadingReads).toEqual(Array.from({ length: 30 }, (_, page) => `read ${page * 100}`));
    expect(runner.status().find((s) => s.name === 'lead')?.counters.batchesCommitted).toBe(30);
    // Behind them, the trailing lane read each page once: its page read ahead outlived the read at the head.
    const trailingReads = steps
      .slice(leadReachedHead)
      .filter((step) => step.startsWith('read') && step !== `read ${head}`);
    expect(trailingReads).toEqual(Array.from({ length: 30 }, (_, page) => `read ${page * 100}`));
    for (const projection of [leading, trailing])
      expect(total(readCounts(runner, projection.name, projection.table))).toBe(3000);
    expect(runner.reader.get('events_by_type', 'SELECT count FROM {events_by_type}')).toEqual({
      count: 3000,
    });
  });

  it('answers read-your-writes while it is behind; waitForProjection waits for it', async () => {
    const { head, leading, trailing, runner } = await started(3000, 100);

    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    expect(runner.checkpoint(leading.name)).toBe(head);
    expect(runner.checkpoint(trailing.name)).toBeLessThan(head);
    expect(await runner.waitForProjection(trailing.name, head, 0)).toBe(false);

    const everything = runner.waitForPosition(head, 10_000, { trailing: true });
    expect(await runner.waitForProjection(trailing.name, head, 10_000)).toBe(true);
    expect(runner.checkpoint(trailing.name)).toBe(head);
    expect(await everything).toBe(true);
    expect(total(readCounts(runner, trailing.name, trailing.table))).toBe(3000);
  });

  it('keeps the others up with live events while it catches up, then takes the live batches with them', async () => {
    const { head, leading, trailing, runner } = await started(5000, 20);
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);

    const during = await fixture.append(3, { offset: 5000 });
    expect(await runner.waitForPosition(during, 5000)).toBe(true);
    // Applied by the leading lane while the trailing one is still in the backlog.
    expect(runner.checkpoint(trailing.name)).toBeLessThan(head);

    expect(await runner.waitForProjection(trailing.name, during, 10_000)).toBe(true);
    await eventually(() => runner.status().every((status) => status.status === 'live'));
    const commits = () => runner.status().map((status) => status.counters.batchesCommitted);
    const [leadBefore, trailBefore] = commits();
    const live = await fixture.append(1, { offset: 5003 });
    expect(await runner.waitForPosition(live, 5000, { trailing: true })).toBe(true);
    expect([runner.checkpoint(leading.name), runner.checkpoint(trailing.name)]).toEqual([live, live]);
    expect(commits()).toEqual([leadBefore + 1, trailBefore + 1]);
    for (const projection of [leading, trailing])
      expect(total(readCounts(runner, projection.name, projection.table))).toBe(5004);
  });

  it('shows in status that it trails, with its lag, and becomes live at the head', async () => {
    const head = await fixture.append(3000);
    let slow = true;
    const trailing = streamCounter({
      name: 'trail',
      trailing: true,
      onApply: (event) => {
        if (!slow || event.position % 10n !== 0n) return;
        const until = Date.now() + 1;
        while (Date.now() < until); // a costly index
      },
    });
    const runner = fixture.runner([lead(), trailing], { batchSize: 100 });
    await runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);

    const [leading, trails] = runner.status();
    expect(leading).toMatchObject({ name: 'lead', trailing: false, status: 'live', lagEvents: 0 });
    expect(trails).toMatchObject({ name: 'trail', trailing: true, status: 'catching_up' });
    expect(trails.lagEvents).toBeGreaterThan(0);
    expect(trails.checkpoint).toBeLessThan(head);

    slow = false;
    expect(await runner.waitForProjection(trailing.name, head, 10_000)).toBe(true);
    await eventually(() => runner.status()[1].status === 'live');
    expect(runner.status()[1]).toMatchObject({ trailing: true, checkpoint: head, lagEvents: 0 });
  });

  it('ends a wait for it at once when it stops at a poison event', async () => {
    const head = await fixture.append(500);
    const poisoned = streamCounter({
      name: 'trail',
      trailing: true,
      poison: (event) => event.position === 300n,
    });
    const runner = fixture.runner([lead(), poisoned], { batchSize: 100 });
    await runner.start();
    // Far longer than the test may take (10 s): only the poison event can end these waits in time.
    expect(await runner.waitForProjection(poisoned.name, head, 60_000)).toBe(false);
    expect(runner.checkpoint(poisoned.name)).toBe(299n);
    expect(await runner.waitForPosition(head, 60_000, { trailing: true })).toBe(true);
    expect(runner.status()[1]).toMatchObject({ trailing: true, status: 'failed' });
  }, 10_000);

  it('rebuilds a trailing projection into a new generation and swaps it in at the head', async () => {
    const { head, trailing, runner } = await started(2000, 50);
    expect(await runner.waitForPosition(head, 10_000, { trailing: true })).toBe(true);

    await runner.rebuild(trailing.name);
    expect(runner.status()[1]).toMatchObject({
      status: 'rebuilding',
      generation: 1,
      rebuild: { generation: 2 },
    });
    const live = await fixture.append(2, { offset: 2000 });
    expect(await runner.waitForProjection(trailing.name, live, 5000)).toBe(true);
    await eventually(() => runner.status()[1].generation === 2);
    expect(runner.status()[1]).toMatchObject({ status: 'live', checkpoint: live, rebuild: undefined });
    expect(total(readCounts(runner, trailing.name, trailing.table))).toBe(2002);
  });

  it('keeps taking live events while another projection rebuilds', async () => {
    const { head, leading, trailing, runner } = await started(5000, 10);
    expect(await runner.waitForPosition(head, 10_000, { trailing: true })).toBe(true);

    await runner.rebuild(leading.name);
    const live = await fixture.append(1, { offset: 5000 });
    expect(await runner.waitForProjection(trailing.name, live, 5000)).toBe(true);
    await eventually(() => runner.status()[0].generation === 2);
    // The leading projection applied `live` twice: in its serving generation, then in the rebuilt one, at the
    // end of the rebuild; the trailing one had it before that.
    const applied = steps.flatMap((step, index) => (step === `lead ${live}` ? [index] : []));
    expect(applied).toHaveLength(2);
    expect(steps.indexOf(`trail ${live}`)).toBeLessThan(applied[1]);
  });
});
