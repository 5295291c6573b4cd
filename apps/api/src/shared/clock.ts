/** The only source of "now" in the application; tests and replays inject their own. */
export type Clock = () => Date;

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = () => new Date();

/**
 * A clock that starts at `start` and then advances in real time (`TRACKER_NOW`): demos and rehearsals of a
 * past or future program look live. Never used unless configured.
 */
export function simulatedClock(start: Date, realNow: () => number = Date.now): Clock {
  const offset = start.getTime() - realNow();
  return () => new Date(realNow() + offset);
}
