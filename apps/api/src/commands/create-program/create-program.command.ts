import { CommandHandler } from '@nestjs/cqrs';
import type { CreateProgram } from '@app/domain';
import { ProgramStepCommand, ProgramStepHandler } from '../shared/program-step.command';

/** Create a migration program with its deadline. */
export class CreateProgramCommand extends ProgramStepCommand<CreateProgram> {}

/** Writes to the program's stream. */
@CommandHandler(CreateProgramCommand)
export class CreateProgramHandler extends ProgramStepHandler<CreateProgramCommand> {}
