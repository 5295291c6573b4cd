import type { Message } from '../shared/message';

export type CreateProgramData = {
  readonly programId: string;
  readonly name: string;
  readonly sourceRegion: string;
  /** ISO-8601 instant, e.g. '2014-10-31T15:59:59.999Z'. */
  readonly deadline: string;
  /** IANA zone the deadline was promised in, e.g. 'Asia/Singapore'; reports show local dates in it. */
  readonly timeZone: string;
  readonly dataCategories: string[];
};

export type ReviseDeadlineData = {
  /** ISO-8601 instant. */
  readonly deadline: string;
  readonly reason: string;
};

export type CreateProgram = Message<'CreateProgram', CreateProgramData>;
export type ReviseDeadline = Message<'ReviseDeadline', ReviseDeadlineData>;

export type ProgramCommand = CreateProgram | ReviseDeadline;
