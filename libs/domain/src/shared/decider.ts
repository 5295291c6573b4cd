/**
 * A decider is the whole behaviour of one stream: what it starts as, which events a command produces in a
 * given state, and how each event changes that state. Both functions are pure and read no clock: what a rule
 * needs comes in the command, so a replay always gives the same answer. (No rule needs the current instant:
 * "a step is not reported from the future" checks the envelope's occurredAt, on the write path.)
 */

export interface Decider<Command, Event, State> {
  readonly initialState: State;
  /** Returns the events the command produces, or throws a DomainError. Never returns a partial result. */
  decide(command: Command, state: State): Event[];
  /** The only place state changes. Must accept every event the stream may hold, including old ones. */
  evolve(state: State, event: Event): State;
}

/** Rebuilds state from a stream's events, starting from `from` (the decider's initial state by default). */
export function fold<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: Iterable<Event>,
  from: State = decider.initialState,
): State {
  let state = from;
  for (const event of events) {
    state = decider.evolve(state, event);
  }
  return state;
}
