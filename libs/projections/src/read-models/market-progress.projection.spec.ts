import type { MarketProgressRow } from './market-progress.projection';
import { marketProgressProjection } from './market-progress.projection';
import { given, logged, raw } from './testing/read-model.story';
import {
  at,
  completed,
  copied,
  cutover,
  enrolled,
  failed,
  P,
  paused,
  programCreated,
  purged,
  resumed,
  scopeRevised,
  started,
  verified,
} from './testing/tracker.fixtures';

/** The row of IN right after its enrolment (position 1, enrolled 1 April 08:00). */
const enrolledRow: MarketProgressRow = {
  program_id: P,
  market: 'IN',
  target_region: 'us-east',
  users_in_scope: 1000,
  bytes_in_scope: null,
  copied_users: 0,
  verified_users: 0,
  copied_bytes: 0,
  failed_batches: 0,
  failures: 0,
  retries: 0,
  batches_verified: 0,
  phase: 'planned',
  planned_start: null,
  enrolled_at: at('04-01T08'),
  started_at: null,
  paused_at: null,
  pause_reason: null,
  cutover_at: null,
  purged_at: null,
  completed_at: null,
  last_step_type: 'MarketEnrolled',
  last_step_at: at('04-01T08'),
  last_recorded_at: at('04-01T08'),
  last_position: 1,
};

const inMarketProgress = (...log: Parameters<typeof logged>[]) =>
  given(
    marketProgressProjection,
    log.map((entry) => logged(...entry)),
  );

describe('market-progress read model', () => {
  describe('when a market is enrolled', () => {
    it('holds its scope, target and planned start, planned, with the enrolment as its last step', () => {
      inMarketProgress([
        enrolled('IN', { bytesInScope: 5_000_000, plannedStart: at('04-10T00'), targetRegion: 'singapore' }),
        at('04-01T08'),
        at('04-01T09'),
      ])
        .then('market_progress', [
          {
            ...enrolledRow,
            target_region: 'singapore',
            bytes_in_scope: 5_000_000,
            planned_start: at('04-10T00'),
            last_recorded_at: at('04-01T09'),
          },
        ])
        .thenChanged([{ programId: P, market: 'IN' }]);
    });

    it('leaves bytes and planned start empty when not given', () => {
      inMarketProgress([enrolled('IN'), at('04-01T08')]).then('market_progress', [enrolledRow]);
    });
  });

  describe('when batches are copied, verified and failed', () => {
    it('counts users copied and not yet verified, users verified and batches verified', () => {
      inMarketProgress(
        [enrolled('IN'), at('04-01T08')],
        [started('IN'), at('04-02T08')],
        [copied('IN', 'b1', 100, 1, 4096), at('04-02T09')],
        [copied('IN', 'b2', 50), at('04-02T10')],
        [verified('IN', 'b1', 100), at('04-02T11')],
        [copied('IN', 'b3', 30, 1, 1024), at('04-02T12')],
        [verified('IN', 'b3', 30), at('04-02T13')],
      ).then('market_progress', [
        {
          ...enrolledRow,
          phase: 'migrating',
          started_at: at('04-02T08'),
          copied_users: 50,
          verified_users: 130,
          copied_bytes: 5120,
          batches_verified: 2,
          last_step_type: 'BatchVerified',
          last_step_at: at('04-02T13'),
          last_recorded_at: at('04-02T13'),
          last_position: 7,
        },
      ]);
    });

    it('counts a failed batch until it is copied again, each failure, and each copy again as a retry', () => {
      inMarketProgress(
        [enrolled('IN'), at('04-01T08')],
        [started('IN'), at('04-02T08')],
        [copied('IN', 'b1', 100), at('04-02T09')],
        [failed('IN', 'b1', 100), at('04-02T10')],
        [copied('IN', 'b2', 40), at('04-02T11')],
        [failed('IN', 'b2', 40), at('04-02T12')],
        [copied('IN', 'b1', 100, 2), at('04-02T13')],
        [failed('IN', 'b1', 100, 2), at('04-02T14')],
        [copied('IN', 'b1', 100, 3), at('04-02T15')],
        [verified('IN', 'b1', 100), at('04-02T16')],
      ).then('market_progress', [
        {
          ...enrolledRow,
          phase: 'migrating',
          started_at: at('04-02T08'),
          copied_users: 0,
          verified_users: 100,
          failed_batches: 1, // b2: b1 failed twice but was copied again
          failures: 3,
          retries: 2,
          batches_verified: 1,
          last_step_type: 'BatchVerified',
          last_step_at: at('04-02T16'),
          last_recorded_at: at('04-02T16'),
          last_position: 10,
        },
      ]);
    });

    it('keeps the latest step by when it happened, and the last recorded time and position by the log', () => {
      inMarketProgress(
        [enrolled('IN'), at('04-01T08')],
        [started('IN'), at('04-02T08')],
        [copied('IN', 'b1', 10), at('04-05T09'), at('04-05T09')],
        // logged late: happened before the copy above
        [copied('IN', 'b0', 5), at('04-03T09'), at('04-06T09')],
        [verified('IN', 'b0', 5), at('04-04T09'), at('04-06T10')],
      ).then('market_progress', [
        {
          ...enrolledRow,
          phase: 'migrating',
          started_at: at('04-02T08'),
          copied_users: 10,
          verified_users: 5,
          batches_verified: 1,
          last_step_type: 'BatchCopied',
          last_step_at: at('04-05T09'),
          last_recorded_at: at('04-06T10'),
          last_position: 5,
        },
      ]);
    });

    it('takes the last of steps that happened at the same instant as the latest', () => {
      inMarketProgress(
        [enrolled('IN'), at('04-01T08')],
        [copied('IN', 'b1', 10), at('04-02T09')],
        [verified('IN', 'b1', 10), at('04-02T09')],
      ).then('market_progress', [
        {
          ...enrolledRow,
          verified_users: 10,
          batches_verified: 1,
          last_step_type: 'BatchVerified',
          last_step_at: at('04-02T09'),
          last_recorded_at: at('04-02T09'),
          last_position: 3,
        },
      ]);
    });

    it('keeps each market to its own row, however their steps interleave', () => {
      inMarketProgress(
        [enrolled('IN'), at('04-01T08')],
        [enrolled('HK', { usersInScope: 500 }), at('04-01T09')],
        [copied('IN', 'i1', 10), at('04-02T09')],
        [copied('HK', 'h1', 20), at('04-02T10')],
        [copied('IN', 'i2', 30), at('04-02T11')],
        [verified('HK', 'h1', 20), at('04-02T12')],
        [failed('IN', 'i1', 10), at('04-02T13')],
      )
        .then('market_progress', [
          {
            ...enrolledRow,
            market: 'HK',
            users_in_scope: 500,
            enrolled_at: at('04-01T09'),
            verified_users: 20,
            batches_verified: 1,
            last_step_type: 'BatchVerified',
            last_step_at: at('04-02T12'),
            last_recorded_at: at('04-02T12'),
            last_position: 6,
          },
          {
            ...enrolledRow,
            copied_users: 30,
            failed_batches: 1,
            failures: 1,
            last_step_type: 'BatchFailed',
            last_step_at: at('04-02T13'),
            last_recorded_at: at('04-02T13'),
            last_position: 7,
          },
        ])
        .thenChanged([
          { programId: P, market: 'HK' },
          { programId: P, market: 'IN' },
        ]);
    });
    it('keeps programs apart when they migrate the same market', () => {
      const other = (event: ReturnType<typeof copied>) =>
        ({ ...event, data: { ...event.data, programId: 'other' } }) as typeof event;
      given(marketProgressProjection, [
        logged(enrolled('IN'), at('04-01T08')),
        logged(other(enrolled('IN')), at('04-01T09')),
        logged(copied('IN', 'b1', 10), at('04-02T09')),
        logged(other(copied('IN', 'b1', 20)), at('04-02T10')),
        logged(verified('IN', 'b1', 10), at('04-02T11')),
        logged(other(verified('IN', 'b1', 20)), at('04-02T12')),
      ])
        .then(
          'market_progress',
          [
            {
              ...enrolledRow,
              verified_users: 10,
              batches_verified: 1,
              last_step_type: 'BatchVerified',
              last_step_at: at('04-02T11'),
              last_recorded_at: at('04-02T11'),
              last_position: 5,
            },
            {
              ...enrolledRow,
              program_id: 'other',
              enrolled_at: at('04-01T09'),
              verified_users: 20,
              batches_verified: 1,
              last_step_type: 'BatchVerified',
              last_step_at: at('04-02T12'),
              last_recorded_at: at('04-02T12'),
              last_position: 6,
            },
          ],
          'program_id',
        )
        .thenChanged([
          { programId: 'other', market: 'IN' },
          { programId: P, market: 'IN' },
        ]);
    });
  });

  describe('when the migration moves through its phases', () => {
    it('records each milestone at the time it happened, and the scope as revised', () => {
      inMarketProgress(
        [enrolled('IN'), at('04-01T08')],
        [scopeRevised('IN', 1000, 40), at('04-01T10')],
        [started('IN'), at('04-02T08')],
        [copied('IN', 'b1', 40), at('04-02T09')],
        [paused('IN', 'network maintenance'), at('04-03T08')],
        [resumed('IN'), at('04-04T08')],
        [verified('IN', 'b1', 40), at('04-04T09')],
        [cutover('IN', 40), at('04-05T08')],
        [purged('IN'), at('04-06T08')],
        [completed('IN'), at('04-07T08'), at('04-07T09')],
      ).then('market_progress', [
        {
          ...enrolledRow,
          users_in_scope: 40,
          verified_users: 40,
          batches_verified: 1,
          phase: 'completed',
          started_at: at('04-02T08'),
          cutover_at: at('04-05T08'),
          purged_at: at('04-06T08'),
          completed_at: at('04-07T08'),
          last_step_type: 'MarketCompleted',
          last_step_at: at('04-07T08'),
          last_recorded_at: at('04-07T09'),
          last_position: 10,
        },
      ]);
    });

    it('is paused without a reason when none was stored', () => {
      given(marketProgressProjection, [
        logged(enrolled('IN'), at('04-01T08')),
        raw('MigrationPaused', { programId: P, market: 'IN' }, { occurredAt: at('04-02T08') }),
      ]).then('market_progress', [
        {
          ...enrolledRow,
          phase: 'paused',
          paused_at: at('04-02T08'),
          pause_reason: null,
          last_step_type: 'MigrationPaused',
          last_step_at: at('04-02T08'),
          last_recorded_at: '2014-04-01T00:00:00.000Z',
          last_position: 2,
        },
      ]);
    });

    it('is paused with its reason and time until resumed, counting steps logged meanwhile', () => {
      const log = [
        logged(enrolled('IN'), at('04-01T08')),
        logged(started('IN'), at('04-02T08')),
        logged(copied('IN', 'b1', 10), at('04-02T09')),
        logged(paused('IN', 'network maintenance'), at('04-03T08')),
        // happened before the pause, logged after it
        logged(verified('IN', 'b1', 10), at('04-02T10'), at('04-03T09')),
      ];
      const pausedRow = {
        ...enrolledRow,
        phase: 'paused',
        started_at: at('04-02T08'),
        paused_at: at('04-03T08'),
        pause_reason: 'network maintenance',
        verified_users: 10,
        batches_verified: 1,
        last_step_type: 'MigrationPaused',
        last_step_at: at('04-03T08'),
        last_recorded_at: at('04-03T09'),
        last_position: 5,
      };
      given(marketProgressProjection, log).then('market_progress', [pausedRow]);
      given(marketProgressProjection, [...log, logged(resumed('IN'), at('04-04T08'))]).then(
        'market_progress',
        [
          {
            ...pausedRow,
            phase: 'migrating',
            paused_at: null,
            pause_reason: null,
            last_step_type: 'MigrationResumed',
            last_step_at: at('04-04T08'),
            last_recorded_at: at('04-04T08'),
            last_position: 6,
          },
        ],
      );
    });
  });

  describe('when the log holds other events', () => {
    it("ignores program events and other applications' events", () => {
      given(marketProgressProjection, [
        logged(programCreated(), at('04-01T07')),
        logged(enrolled('IN'), at('04-01T08')),
        raw('CheckpointSigned', { programId: P, market: 'IN', users: 5 }),
      ])
        .then('market_progress', [{ ...enrolledRow, last_position: 2 }])
        .thenChanged([{ programId: P, market: 'IN' }]);
    });

    it('finds the time a step happened in its envelope, or else the time it was recorded', () => {
      given(marketProgressProjection, [
        raw(
          'MarketEnrolled',
          { programId: P, market: 'IN', targetRegion: 'us-east', usersInScope: 1000 },
          {},
          at('04-01T08'),
        ),
        raw(
          'MigrationStarted',
          { programId: P, market: 'IN' },
          { recordedAt: at('04-02T09') },
          at('04-02T10'),
        ),
      ]).then('market_progress', [
        {
          ...enrolledRow,
          phase: 'migrating',
          started_at: at('04-02T09'),
          last_step_type: 'MigrationStarted',
          last_step_at: at('04-02T09'),
          last_recorded_at: at('04-02T09'),
          last_position: 2,
        },
      ]);
    });
  });

  describe('when a stored event cannot be applied', () => {
    const enrolment = logged(enrolled('IN'), at('04-01T08'));

    it.each([
      ['BatchCopied', { batchId: 'b', attempt: 1 }, /BatchCopied at 2: users is not a number/],
      ['BatchCopied', { batchId: 'b', users: 5 }, /BatchCopied at 2: attempt is not a number/],
      ['BatchVerified', { batchId: 'b', users: '5' }, /BatchVerified at 2: users is not a number/],
      ['BatchFailed', { batchId: 'b', users: Infinity }, /BatchFailed at 2: users is not a number/],
      ['ScopeRevised', { usersInScope: null }, /ScopeRevised at 2: usersInScope is not a number/],
    ])('refuses %s with %j (poison)', (type, data, message) => {
      given(marketProgressProjection, [
        enrolment,
        raw(type, { programId: P, market: 'IN', ...data }),
      ]).thenFails(message);
    });

    it('refuses a market event without its market or its program', () => {
      given(marketProgressProjection, [
        enrolment,
        raw('BatchVerified', { programId: P, users: 5 }),
      ]).thenFails('BatchVerified at 2 has no market');
      given(marketProgressProjection, [enrolment, raw('MigrationStarted', { programId: P })]).thenFails(
        'MigrationStarted at 2 has no market',
      );
      given(marketProgressProjection, [enrolment, raw('MigrationStarted', { market: 'IN' })]).thenFails(
        'MigrationStarted at 2 has no programId',
      );
    });
  });
});
