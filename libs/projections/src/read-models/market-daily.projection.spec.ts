import { marketDailyProjection } from './market-daily.projection';
import { given, inMemory, logged, positioned, raw } from './testing/read-model.story';
import {
  at,
  copied,
  enrolled,
  failed,
  P,
  paused,
  programCreated,
  started,
  verified,
} from './testing/tracker.fixtures';

const day = (
  market: string,
  date: string,
  copiedUsers: number,
  verifiedUsers: number,
  failedBatches: number,
  steps: number,
) => ({
  program_id: P,
  market,
  day: date,
  copied_users: copiedUsers,
  verified_users: verifiedUsers,
  failed_batches: failedBatches,
  steps,
});

describe('market-daily read model', () => {
  describe("when batch steps are logged in a program's time zone", () => {
    // Asia/Singapore is UTC+8: 16:00 UTC is midnight there.
    const log = [
      logged(programCreated({ timeZone: 'Asia/Singapore' }), at('04-01T00')),
      logged(enrolled('IN'), at('04-01T01')),
      logged(started('IN'), at('04-02T01')),
      logged(copied('IN', 'b1', 100), at('04-02T09')),
      logged(copied('IN', 'b2', 50), at('04-02T15:59')),
      logged(verified('IN', 'b1', 100), at('04-02T16')), // 3 April in Singapore
      logged(failed('IN', 'b2', 50), at('04-02T17')),
      logged(paused('IN', 'check'), at('04-02T18')),
      logged(copied('IN', 'b2', 50, 2), at('04-03T02')),
      logged(verified('IN', 'b2', 50), at('04-03T03')),
    ];

    it('sums users copied, users verified, batches failed and steps per local day', () => {
      given(marketDailyProjection, log)
        .then(
          'market_daily',
          [day('IN', '2014-04-02', 150, 0, 0, 2), day('IN', '2014-04-03', 50, 150, 1, 4)],
          '1, 2, 3',
        )
        .then('program_zones', [{ program_id: P, time_zone: 'Asia/Singapore' }])
        .thenChanged([{ programId: P, market: 'IN' }]);
    });

    it('puts a step logged late on the day it happened', () => {
      given(marketDailyProjection, [
        ...log,
        logged(copied('IN', 'b0', 7), at('04-01T03'), at('04-05T03')),
        logged(verified('IN', 'b0', 7), at('04-01T04'), at('04-05T04')),
      ]).then(
        'market_daily',
        [
          day('IN', '2014-04-01', 7, 7, 0, 2),
          day('IN', '2014-04-02', 150, 0, 0, 2),
          day('IN', '2014-04-03', 50, 150, 1, 4),
        ],
        '1, 2, 3',
      );
    });

    it('keeps markets apart', () => {
      given(marketDailyProjection, [
        logged(programCreated({ timeZone: 'UTC' }), at('04-01T00')),
        logged(copied('IN', 'i1', 10), at('04-02T09')),
        logged(copied('HK', 'h1', 20), at('04-02T09')),
        logged(verified('IN', 'i1', 10), at('04-02T10')),
      ])
        .then(
          'market_daily',
          [day('HK', '2014-04-02', 20, 0, 0, 1), day('IN', '2014-04-02', 10, 10, 0, 2)],
          '1, 2, 3',
        )
        .thenChanged([
          { programId: P, market: 'HK' },
          { programId: P, market: 'IN' },
        ]);
    });
  });

  it('keeps programs apart when they migrate the same market on the same day', () => {
    const step = (programId: string, users: number) =>
      raw(
        'BatchCopied',
        { programId, market: 'IN', batchId: 'b', users, attempt: 1 },
        { occurredAt: at('04-02T09') },
      );
    given(marketDailyProjection, [
      logged(programCreated({ programId: 'first', timeZone: 'UTC' }), at('04-01T00')),
      logged(programCreated({ programId: 'second', timeZone: 'UTC' }), at('04-01T00')),
      step('first', 1),
      step('second', 10),
      step('first', 100),
      step('second', 1000),
    ]).then(
      'market_daily',
      [
        { ...day('IN', '2014-04-02', 101, 0, 0, 2), program_id: 'first' },
        { ...day('IN', '2014-04-02', 1010, 0, 0, 2), program_id: 'second' },
      ],
      '1, 2, 3',
    );
  });

  it('leaves out a batch step that names no market', () => {
    given(marketDailyProjection, [
      logged(programCreated({ programId: 'no-market', timeZone: 'UTC' }), at('04-01T00')),
      raw('BatchCopied', { programId: 'no-market', batchId: 'b', users: 5, attempt: 1 }),
      raw('BatchVerified', { programId: 'no-market', batchId: 'b', users: 5 }),
    ])
      .then('market_daily', [])
      .thenChanged([]);
  });

  it('counts in UTC for a program whose creation it has not seen', () => {
    const other = 'program-without-creation';
    given(marketDailyProjection, [
      raw(
        'BatchCopied',
        { programId: other, market: 'IN', batchId: 'b', users: 3, attempt: 1 },
        { occurredAt: at('04-02T20') },
      ),
    ]).then('market_daily', [{ ...day('IN', '2014-04-02', 3, 0, 0, 1), program_id: other }], '1, 2, 3');
  });

  it('takes the zone of a program from its table when the process has not seen its creation', () => {
    const program = 'zoned-before-restart';
    const step = raw(
      'BatchCopied',
      { programId: program, market: 'IN', batchId: 'b', users: 3, attempt: 1 },
      { occurredAt: at('04-02T20') },
    );
    // The creation applied by an earlier process: only its row of program_zones is there.
    const { db, context } = inMemory(marketDailyProjection);
    db.prepare("INSERT INTO program_zones VALUES (?, 'Asia/Singapore')").run(program);
    marketDailyProjection.apply(positioned([step])[0], context);
    expect(db.prepare('SELECT day, copied_users FROM market_daily').all()).toEqual([
      { day: '2014-04-03', copied_users: 3 },
    ]);
  });

  it("ignores milestones, program revisions and other applications' events", () => {
    given(marketDailyProjection, [
      logged(programCreated({ programId: 'quiet' }), at('04-01T00')),
      logged(enrolled('IN'), at('04-01T01')),
      logged(started('IN'), at('04-02T01')),
      raw('Unrelated', { programId: P, market: 'IN', users: 9 }),
    ])
      .then('market_daily', [], '1, 2, 3')
      .thenChanged([]);
  });

  it('refuses a step whose users are not a number (poison)', () => {
    given(marketDailyProjection, [
      logged(programCreated(), at('04-01T00')),
      raw('BatchVerified', { programId: P, market: 'IN', batchId: 'b' }),
    ]).thenFails('BatchVerified at 2: users is not a number');
  });
});
