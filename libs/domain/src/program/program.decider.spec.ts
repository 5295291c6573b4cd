import { ReasonRequiredError } from '../shared/validation.errors';
import { fold } from '../shared/decider';
import { given } from '../shared/testing/given-when-then';
import type { CreateProgram } from './program.commands';
import { programDecider } from './program.decider';
import { DeadlineUnchangedError, ProgramAlreadyExistsError, ProgramNotFoundError } from './program.errors';
import type { ProgramEvent } from './program.events';

const program = {
  programId: 'p2014',
  name: 'International data relocation 2014',
  sourceRegion: 'cn-north',
  deadline: '2014-10-31T15:59:59.999Z',
  timeZone: 'Asia/Singapore',
  dataCategories: ['device_ids', 'phone_numbers', 'contacts', 'messages', 'backups', 'cloud_files'],
};
const create: CreateProgram = { type: 'CreateProgram', data: program };
const created: ProgramEvent = { type: 'ProgramCreated', data: program };
const revise = (deadline: string, reason = 'regulator granted extension') =>
  ({ type: 'ReviseDeadline', data: { deadline, reason } }) as const;

describe('program decider', () => {
  describe('when the program does not exist', () => {
    it('creates it with every field of the command', () => {
      given(programDecider, []).when(create).then([created]);
    });

    it('refuses a deadline revision', () => {
      given(programDecider, []).when(revise('2014-11-30T15:59:59.999Z')).thenThrows(ProgramNotFoundError);
    });
  });

  describe('when the program exists', () => {
    it('refuses to create it again', () => {
      given(programDecider, [created])
        .when(create)
        .thenThrows(ProgramAlreadyExistsError, { programId: 'p2014' });
    });

    it('revises the deadline, keeping the previous one and the reason', () => {
      given(programDecider, [created])
        .when(revise('2014-11-30T15:59:59.999Z'))
        .then([
          {
            type: 'DeadlineRevised',
            data: {
              programId: 'p2014',
              previousDeadline: '2014-10-31T15:59:59.999Z',
              deadline: '2014-11-30T15:59:59.999Z',
              reason: 'regulator granted extension',
            },
          },
        ]);
    });

    it.each(['', '   '])('refuses a revision with a blank reason (%j)', (reason) => {
      given(programDecider, [created])
        .when(revise('2014-11-30T15:59:59.999Z', reason))
        .thenThrows(ReasonRequiredError, { field: 'reason' });
    });

    it('refuses a revision to the same deadline', () => {
      given(programDecider, [created])
        .when(revise('2014-10-31T15:59:59.999Z'))
        .thenThrows(DeadlineUnchangedError, { deadline: '2014-10-31T15:59:59.999Z' });
    });

    it('treats another spelling of the same instant as unchanged', () => {
      given(programDecider, [created])
        .when(revise('2014-10-31T23:59:59.999+08:00'))
        .thenThrows(DeadlineUnchangedError);
    });
  });

  describe('when the deadline was revised', () => {
    const revised: ProgramEvent = {
      type: 'DeadlineRevised',
      data: {
        programId: 'p2014',
        previousDeadline: program.deadline,
        deadline: '2014-11-30T15:59:59.999Z',
        reason: 'extension',
      },
    };

    it('holds the latest deadline', () => {
      expect(fold(programDecider, [created, revised])).toEqual({
        status: 'active',
        ...program,
        deadline: '2014-11-30T15:59:59.999Z',
      });
    });

    it('revises from the latest deadline', () => {
      given(programDecider, [created, revised])
        .when(revise(program.deadline, 'extension withdrawn'))
        .then([
          {
            type: 'DeadlineRevised',
            data: {
              programId: 'p2014',
              previousDeadline: '2014-11-30T15:59:59.999Z',
              deadline: program.deadline,
              reason: 'extension withdrawn',
            },
          },
        ]);
    });
  });
});
