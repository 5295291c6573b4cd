import { CommandHandler } from '@nestjs/cqrs';
import type { ReviseDeadline } from '@app/domain';
import { ProgramStepCommand, ProgramStepHandler } from '../shared/program-step.command';

/** Revise a program's deadline, with a reason. */
export class ReviseDeadlineCommand extends ProgramStepCommand<ReviseDeadline> {}

/** Writes to the program's stream. */
@CommandHandler(ReviseDeadlineCommand)
export class ReviseDeadlineHandler extends ProgramStepHandler<ReviseDeadlineCommand> {}
