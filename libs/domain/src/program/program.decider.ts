import type { Decider } from '../shared/decider';
import { requireInstantInRange } from '../shared/instant-range';
import { requireReason } from '../shared/validation.errors';
import type { ProgramCommand } from './program.commands';
import { DeadlineUnchangedError, ProgramAlreadyExistsError, ProgramNotFoundError } from './program.errors';
import type { ProgramEvent } from './program.events';
import { initialProgramState, type ProgramState } from './program.state';

/** Two spellings of one instant ('…Z' and '….000Z', or an offset) are the same deadline. */
const sameInstant = (a: string, b: string): boolean => {
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(ta) || Number.isNaN(tb) ? a === b : ta === tb;
};

function decide(command: ProgramCommand, state: ProgramState): ProgramEvent[] {
  switch (command.type) {
    case 'CreateProgram': {
      if (state.status === 'active') {
        throw new ProgramAlreadyExistsError(state.programId);
      }
      const { programId, name, sourceRegion, deadline, timeZone, dataCategories } = command.data;
      requireInstantInRange(command.type, 'deadline', deadline);
      return [
        {
          type: 'ProgramCreated',
          data: { programId, name, sourceRegion, deadline, timeZone, dataCategories: [...dataCategories] },
        },
      ];
    }
    case 'ReviseDeadline': {
      if (state.status === 'absent') {
        throw new ProgramNotFoundError(command.type);
      }
      const { deadline, reason } = command.data;
      requireReason(command.type, reason);
      requireInstantInRange(command.type, 'deadline', deadline);
      if (sameInstant(deadline, state.deadline)) {
        throw new DeadlineUnchangedError(state.programId, state.deadline);
      }
      return [
        {
          type: 'DeadlineRevised',
          data: { programId: state.programId, previousDeadline: state.deadline, deadline, reason },
        },
      ];
    }
  }
}

function evolve(state: ProgramState, event: ProgramEvent): ProgramState {
  switch (event.type) {
    case 'ProgramCreated':
      return { status: 'active', ...event.data, dataCategories: [...event.data.dataCategories] };
    case 'DeadlineRevised':
      return state.status === 'active' ? { ...state, deadline: event.data.deadline } : state;
  }
}

export const programDecider: Decider<ProgramCommand, ProgramEvent, ProgramState> = {
  initialState: initialProgramState,
  decide,
  evolve,
};
