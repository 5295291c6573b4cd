import { fold, type Decider } from '../decider';
import type { DomainError } from '../domain.error';

type ErrorClass<T extends DomainError> = abstract new (...args: never[]) => T;

export type Then<Event> = {
  /** Asserts the command produces exactly these events, in order. */
  then(expected: Event[]): void;
  /** Asserts the command is refused with this error class; `details` are matched as a subset. Returns the error. */
  thenThrows<T extends DomainError>(errorClass: ErrorClass<T>, details?: Record<string, unknown>): T;
};

/**
 * Given/when/then over events, as the stream would replay them:
 * `given(marketDecider, [enrolled, started]).when(copyBatch).then([batchCopied])`.
 */
export function given<Command, Event, State>(decider: Decider<Command, Event, State>, history: Event[]) {
  return {
    when(command: Command): Then<Event> {
      const run = (): Event[] => decider.decide(command, fold(decider, history));
      return {
        then(expected) {
          expect(run()).toEqual(expected);
        },
        thenThrows(errorClass, details) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          const error = thrown as InstanceType<typeof errorClass>;
          expect(error.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
          expect(error.message.length).toBeGreaterThan(0);
          if (details !== undefined) {
            expect(error.details).toMatchObject(details);
          }
          return error;
        },
      };
    },
  };
}
