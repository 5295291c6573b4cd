import type { Message } from '../shared/message';

export type ProgramCreatedData = {
  readonly programId: string;
  readonly name: string;
  readonly sourceRegion: string;
  readonly deadline: string;
  readonly timeZone: string;
  readonly dataCategories: string[];
};

export type DeadlineRevisedData = {
  readonly programId: string;
  readonly previousDeadline: string;
  readonly deadline: string;
  readonly reason: string;
};

export type ProgramCreated = Message<'ProgramCreated', ProgramCreatedData>;
export type DeadlineRevised = Message<'DeadlineRevised', DeadlineRevisedData>;

export type ProgramEvent = ProgramCreated | DeadlineRevised;
export type ProgramEventType = ProgramEvent['type'];

/** Stored type strings of the program stream. These are a storage contract: never rename one. */
export const PROGRAM_EVENT_TYPES = [
  'ProgramCreated',
  'DeadlineRevised',
] as const satisfies readonly ProgramEventType[];

const programEventTypes: ReadonlySet<string> = new Set(PROGRAM_EVENT_TYPES);

/** True when the type string belongs to the program stream. It does not validate `data`. */
export const isProgramEvent = <E extends { type: string }>(event: E): event is E & ProgramEvent =>
  programEventTypes.has(event.type);
