export type AbsentProgram = { readonly status: 'absent' };

export type ActiveProgram = {
  readonly status: 'active';
  readonly programId: string;
  readonly name: string;
  readonly sourceRegion: string;
  readonly deadline: string;
  readonly timeZone: string;
  readonly dataCategories: readonly string[];
};

export type ProgramState = AbsentProgram | ActiveProgram;

export const initialProgramState: ProgramState = { status: 'absent' };
