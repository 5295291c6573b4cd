import {
  timelineProjection,
  timelineRowOf,
  type StoredTimelineRow,
  type TimelineRow,
} from './timeline.projection';
import { given, inMemory, logged, positioned, raw, type LogEntry } from './testing/read-model.story';
import { at, copied, enrolled, P, programCreated } from './testing/tracker.fixtures';

const ms = (iso: string): number => Date.parse(iso);

/** The rows a log leaves in the table, read back as the route reads them. */
function answered(log: LogEntry[]): TimelineRow[] {
  const { db, context } = inMemory(timelineProjection);
  timelineProjection.applyBatch!(positioned(log), context);
  return (db.prepare('SELECT * FROM timeline ORDER BY position').all() as StoredTimelineRow[]).map(
    timelineRowOf,
  );
}

describe('timeline read model', () => {
  it('holds every program and market step: when it happened, when it was recorded, who logged it, its data', () => {
    const rows: StoredTimelineRow[] = [
      {
        position: 1,
        program_id: P,
        market: null,
        type: 'ProgramCreated',
        occurred_ms: ms(at('03-01T00')),
        occurred_text: null,
        recorded: ms(at('03-01T01')),
        actor: 'ops',
        // The program is the row's own column: the data keeps what follows it.
        data: JSON.stringify(programCreated().data).slice(`{"programId":"${P}"`.length),
      },
      {
        position: 2,
        program_id: P,
        market: 'IN',
        type: 'MarketEnrolled',
        occurred_ms: ms(at('03-02T00')),
        occurred_text: null,
        recorded: ms(at('03-02T00')),
        actor: 'alice',
        data: JSON.stringify(enrolled('IN').data).slice(`{"programId":"${P}","market":"IN"`.length),
      },
      {
        position: 3,
        program_id: P,
        market: 'IN',
        type: 'BatchCopied',
        occurred_ms: ms(at('03-01T12')),
        occurred_text: null,
        recorded: ms(at('03-03T00')),
        actor: 'ops',
        data: ',"batchId":"b1","users":10,"attempt":1}',
      },
    ];
    given(timelineProjection, [
      logged(programCreated(), at('03-01T00'), at('03-01T01')),
      logged(enrolled('IN'), at('03-02T00'), at('03-02T00'), 'alice'),
      logged(copied('IN', 'b1', 10), at('03-01T12'), at('03-03T00')),
    ])
      .then('timeline', rows)
      .thenChanged([{ programId: P }, { programId: P, market: 'IN' }]);
  });

  it('answers the exact texts the log holds: instants, data, program and market', () => {
    const log = [
      logged(programCreated(), at('03-01T00'), at('03-01T01')),
      logged(copied('IN', 'b1', 10), at('03-01T12'), at('03-03T00'), 'bob'),
    ];
    expect(answered(log)).toEqual([
      {
        position: 1,
        program_id: P,
        market: null,
        type: 'ProgramCreated',
        occurred_at: at('03-01T00'),
        recorded_at: at('03-01T01'),
        actor: 'ops',
        data: JSON.stringify(programCreated().data),
      },
      {
        position: 2,
        program_id: P,
        market: 'IN',
        type: 'BatchCopied',
        occurred_at: at('03-01T12'),
        recorded_at: at('03-03T00'),
        actor: 'bob',
        data: JSON.stringify(copied('IN', 'b1', 10).data),
      },
    ]);
  });

  it('keeps as they are the texts that integers would not give back, and data that does not start with its program', () => {
    const offset = '2014-03-01T08:00:00+08:00'; // 2014-03-01T00:00Z, not as toISOString writes it
    const log = [
      raw('MarketEnrolled', { market: 'IN', programId: P, note: 'market first' }, { occurredAt: offset }),
      raw(
        'MigrationStarted',
        { programId: P, market: 'IN' },
        { recordedAt: 'yesterday', occurredAt: 'soon' },
      ),
      raw('MigrationPaused', { programId: `${P}"`, market: 'IN', reason: 'quote' }),
    ];
    expect(answered(log)).toEqual([
      expect.objectContaining({
        position: 1,
        occurred_at: offset,
        data: '{"market":"IN","programId":"intl-2014","note":"market first"}',
      }),
      expect.objectContaining({
        position: 2,
        occurred_at: 'soon',
        recorded_at: 'yesterday',
        data: '{"programId":"intl-2014","market":"IN"}',
      }),
      expect.objectContaining({
        position: 3,
        program_id: `${P}"`,
        data: '{"programId":"intl-2014\\"","market":"IN","reason":"quote"}',
      }),
    ]);
    given(timelineProjection, log).then('timeline', [
      expect.objectContaining({
        position: 1,
        occurred_ms: ms('2014-03-01T00:00:00.000Z'),
        occurred_text: offset,
      }),
      expect.objectContaining({
        position: 2,
        occurred_ms: null,
        occurred_text: 'soon',
        recorded: 'yesterday',
        data: '}',
      }),
      expect.objectContaining({ position: 3, data: ',"reason":"quote"}' }),
    ]);
  });

  it("leaves out other applications' events", () => {
    given(timelineProjection, [
      raw('CheckpointSigned', { programId: P, market: 'IN' }),
      logged(enrolled('HK'), at('03-02T00')),
    ])
      .then('timeline', [expect.objectContaining({ position: 2, market: 'HK', type: 'MarketEnrolled' })])
      .thenChanged([{ programId: P, market: 'HK' }]);
  });

  it('takes the times the envelope lacks from the store, and names an unknown actor', () => {
    const log = [
      raw('MigrationStarted', { programId: P, market: 'IN' }, {}, at('03-05T00')),
      raw('MigrationResumed', { programId: P, market: 'IN' }, { occurredAt: at('03-06T00') }, at('03-07T00')),
      raw(
        'MigrationPaused',
        { programId: P, market: 'IN', reason: 'x' },
        { recordedAt: at('03-08T00') },
        at('03-09T00'),
      ),
    ];
    expect(answered(log)).toEqual([
      expect.objectContaining({
        position: 1,
        occurred_at: at('03-05T00'),
        recorded_at: at('03-05T00'),
        actor: 'unknown',
      }),
      expect.objectContaining({
        position: 2,
        occurred_at: at('03-06T00'),
        recorded_at: at('03-07T00'),
        actor: 'unknown',
      }),
      expect.objectContaining({
        position: 3,
        occurred_at: at('03-08T00'),
        recorded_at: at('03-08T00'),
        actor: 'unknown',
      }),
    ]);
  });

  it('refuses a step without its program (poison)', () => {
    given(timelineProjection, [raw('MarketEnrolled', { market: 'IN' })]).thenFails(
      'MarketEnrolled at 1 has no programId',
    );
  });
});
