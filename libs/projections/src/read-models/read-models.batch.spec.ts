import type { EventToAppend } from '@app/event-store';
import type { Projection } from '../runner/projection';
import { RunnerFixture } from '../runner/testing/runner-fixture';
import { createAsOfIndexProjection } from './as-of-index.projection';
import { readModelProjections } from './read-models';

/** A program with two markets whose steps interleave: batches, a failure and retry, a pause, late entries. */
function events(): Array<{ stream: string; event: EventToAppend }> {
  let n = 0;
  const at = (day: number, hour: number) => new Date(Date.UTC(2014, 3, day, hour)).toISOString();
  const make = (stream: string, type: string, data: Record<string, unknown>, occurredAt: string) => ({
    stream,
    event: {
      id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
      type,
      data: { programId: 'p', ...data },
      metadata: { actor: 'ops', occurredAt, recordedAt: at(28, 0) },
    },
  });
  const list = [
    make(
      'program-p',
      'ProgramCreated',
      {
        name: 'P',
        sourceRegion: 'cn',
        deadline: '2014-10-31T15:59:59Z',
        timeZone: 'Asia/Singapore',
        dataCategories: ['a'],
      },
      at(1, 0),
    ),
  ];
  for (const market of ['IN', 'HK']) {
    const s = `market-p-${market}`;
    list.push(make(s, 'MarketEnrolled', { market, targetRegion: 'x', usersInScope: 100_000 }, at(1, 1)));
    list.push(make(s, 'MigrationStarted', { market }, at(2, 1)));
  }
  for (let i = 1; i <= 60; i++) {
    for (const market of ['IN', 'HK']) {
      const s = `market-p-${market}`;
      const batchId = `${market}-${i}`;
      // Every seventh step is logged late: it happened days before the ones around it.
      const day = i % 7 === 0 ? 3 : 3 + Math.floor(i / 4);
      list.push(
        make(s, 'BatchCopied', { market, batchId, users: 100 + i, bytes: 1000, attempt: 1 }, at(day, i % 24)),
      );
      if (i % 11 === 0) {
        list.push(
          make(s, 'BatchFailed', { market, batchId, users: 100 + i, reason: 'x', attempt: 1 }, at(day, 23)),
        );
        list.push(make(s, 'BatchCopied', { market, batchId, users: 100 + i, attempt: 2 }, at(day + 1, 2)));
      }
      list.push(make(s, 'BatchVerified', { market, batchId, users: 100 + i }, at(day + 1, 3)));
      if (market === 'HK' && i === 30)
        list.push(make(s, 'MigrationPaused', { market, reason: 'check' }, at(day + 1, 4)));
      if (market === 'HK' && i === 31) list.push(make(s, 'MigrationResumed', { market }, at(day + 1, 5)));
    }
  }
  return list;
}

async function build(projections: readonly Projection[]): Promise<Record<string, unknown[]>> {
  const fixture = new RunnerFixture();
  try {
    const revisions = new Map<string, bigint>();
    let head = 0n;
    for (const { stream, event } of events()) {
      const expected = revisions.get(stream);
      const result = await fixture.store.append(stream, [event], {
        expectedRevision: expected ?? 'no_stream',
      });
      revisions.set(stream, result.nextRevision);
      head = result.position;
    }
    const runner = fixture.runner([...projections], { batchSize: 500 });
    await runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    const tables: Record<string, unknown[]> = {};
    for (const projection of projections) {
      for (const table of projection.tables) {
        tables[table.logical] = runner.reader.all(
          projection.name,
          `SELECT * FROM {${table.logical}} ORDER BY 1, 2`,
        );
      }
    }
    await runner.stop();
    return tables;
  } finally {
    await fixture.close();
  }
}

describe('read models applied a batch at a time', () => {
  it('leave every table exactly as applying event by event does', async () => {
    // Spans of 3 events: many of them, filled, split and reached by late entries.
    const projections = readModelProjections.map((projection) =>
      projection.name === 'as-of-index' ? createAsOfIndexProjection(3) : projection,
    );
    const oneByOne = projections.map(({ applyBatch: _batch, ...projection }) => projection as Projection);
    const [batched, single] = [await build(projections), await build(oneByOne)];
    expect(Object.keys(batched).sort()).toEqual([
      'as_of_days',
      'as_of_programs',
      'as_of_span_days',
      'as_of_spans',
      'as_of_streams',
      'market_daily',
      'market_progress',
      'program_zones',
      'programs',
      'timeline',
    ]);
    expect((batched.timeline as unknown[]).length).toBeGreaterThan(250);
    expect(batched).toEqual(single);
  });
});
