/** The only source of "now" in the application; tests and replays inject their own. */
export type Clock = () => Date;

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = () => new Date();
