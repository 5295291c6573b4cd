import { ProgramCreated } from '../program/program.events';
import { programDecider } from '../program/program.decider';
import { marketDecider } from '../market/market.decider';
import { ref } from '../market/testing/market.fixtures';
import { EARLIEST_INSTANT, InstantOutOfRangeError, isInstantInRange, LATEST_INSTANT } from './instant-range';
import { given } from './testing/given-when-then';

const program = {
  programId: 'p2014',
  name: 'International data relocation 2014',
  sourceRegion: 'cn-north',
  deadline: '2014-10-31T15:59:59.999Z',
  timeZone: 'Asia/Singapore',
  dataCategories: ['contacts'],
};
const created: ProgramCreated = { type: 'ProgramCreated', data: program };
const create = (deadline: string) => ({ type: 'CreateProgram', data: { ...program, deadline } }) as const;
const revise = (deadline: string) =>
  ({ type: 'ReviseDeadline', data: { deadline, reason: 'regulator' } }) as const;
const enroll = (plannedStart: string) =>
  ({
    type: 'EnrollMarket',
    data: { ...ref, targetRegion: 'singapore', usersInScope: 10, plannedStart },
  }) as const;

// Year 10000 in UTC although its local year is 9999 (and the first instant past the range); and the last
// millisecond before the epoch.
const TOO_LATE = '9999-12-31T23:59:59-12:00';
const JUST_TOO_LATE = '2200-01-01T00:00:00Z';
const TOO_EARLY = '1969-12-31T23:59:59.999Z';

describe('the range of instants', () => {
  it('holds both ends and nothing beyond them', () => {
    expect([EARLIEST_INSTANT, LATEST_INSTANT].map(isInstantInRange)).toEqual([true, true]);
    expect(
      [TOO_EARLY, TOO_LATE, JUST_TOO_LATE, '+010000-01-01T00:00:00Z', 'soon'].map(isInstantInRange),
    ).toEqual([false, false, false, false, false]);
  });

  describe('when a program is created', () => {
    it.each([TOO_LATE, JUST_TOO_LATE, TOO_EARLY])('refuses the deadline %s', (deadline) => {
      given(programDecider, [])
        .when(create(deadline))
        .thenThrows(InstantOutOfRangeError, { field: 'deadline', value: deadline });
    });

    it.each([EARLIEST_INSTANT, LATEST_INSTANT])('accepts the deadline %s', (deadline) => {
      given(programDecider, [])
        .when(create(deadline))
        .then([{ ...created, data: { ...program, deadline } }]);
    });
  });

  describe('when the program exists', () => {
    it.each([TOO_LATE, TOO_EARLY])('refuses a revision to %s', (deadline) => {
      given(programDecider, [created])
        .when(revise(deadline))
        .thenThrows(InstantOutOfRangeError, { command: 'ReviseDeadline', field: 'deadline' });
    });
  });

  describe('when a market is enrolled', () => {
    it.each([TOO_LATE, TOO_EARLY])('refuses the planned start %s', (plannedStart) => {
      given(marketDecider, [])
        .when(enroll(plannedStart))
        .thenThrows(InstantOutOfRangeError, { field: 'plannedStart' });
    });

    it('accepts the latest planned start', () => {
      given(marketDecider, [])
        .when(enroll(LATEST_INSTANT))
        .then([
          {
            type: 'MarketEnrolled',
            data: { ...ref, targetRegion: 'singapore', usersInScope: 10, plannedStart: LATEST_INSTANT },
          },
        ]);
    });
  });
});
