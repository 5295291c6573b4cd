import { timelineProjection, type TimelineRow } from './timeline.projection';
import { given, logged, raw } from './testing/read-model.story';
import { at, copied, enrolled, P, programCreated } from './testing/tracker.fixtures';

describe('timeline read model', () => {
  it('holds every program and market step: when it happened, when it was recorded, who logged it, its data', () => {
    const rows: TimelineRow[] = [
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
        type: 'MarketEnrolled',
        occurred_at: at('03-02T00'),
        recorded_at: at('03-02T00'),
        actor: 'alice',
        data: JSON.stringify(enrolled('IN').data),
      },
      {
        position: 3,
        program_id: P,
        market: 'IN',
        type: 'BatchCopied',
        occurred_at: at('03-01T12'),
        recorded_at: at('03-03T00'),
        actor: 'ops',
        data: JSON.stringify(copied('IN', 'b1', 10).data),
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

  it("leaves out other applications' events", () => {
    given(timelineProjection, [
      raw('CheckpointSigned', { programId: P, market: 'IN' }),
      logged(enrolled('HK'), at('03-02T00')),
    ])
      .then('timeline', [expect.objectContaining({ position: 2, market: 'HK', type: 'MarketEnrolled' })])
      .thenChanged([{ programId: P, market: 'HK' }]);
  });

  it('takes the times the envelope lacks from the store, and names an unknown actor', () => {
    given(timelineProjection, [
      raw('MigrationStarted', { programId: P, market: 'IN' }, {}, at('03-05T00')),
      raw('MigrationResumed', { programId: P, market: 'IN' }, { occurredAt: at('03-06T00') }, at('03-07T00')),
      raw(
        'MigrationPaused',
        { programId: P, market: 'IN', reason: 'x' },
        { recordedAt: at('03-08T00') },
        at('03-09T00'),
      ),
    ]).then('timeline', [
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
