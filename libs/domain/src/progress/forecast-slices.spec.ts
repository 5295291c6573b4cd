import fc from 'fast-check';
import { forecastFinish, startForecast, type ForecastInput } from './forecast';

const slowMarket: ForecastInput = {
  history: [0, 1200, 800, 0, 2500, 300, 1000, 0, 1800, 900, 0, 0, 1500, 700],
  remainingUsers: 400_000,
  firstDay: '2014-06-01',
  deadlineDay: '2014-10-31',
  firstDayShare: 0.4,
};

function inSlices(input: ForecastInput, slice: number) {
  const run = startForecast(input);
  let slices = 1;
  while (!run.advance(slice)) slices += 1;
  return { forecast: run.result(), slices };
}

describe('a forecast run in slices of trials', () => {
  it('gives the answer of the whole run, however it is sliced', () => {
    const whole = forecastFinish(slowMarket);
    for (const slice of [1, 7, 1000, 9_999, 10_000]) {
      const { forecast, slices } = inSlices(slowMarket, slice);
      expect(forecast).toEqual(whole);
      expect(slices).toBe(Math.ceil(10_000 / slice));
    }
  });

  it('has nothing to run when nothing remains, or when no day of the history verifies anyone', () => {
    for (const input of [
      { ...slowMarket, remainingUsers: 0 },
      { ...slowMarket, history: [0, 0, 0] },
    ]) {
      const run = startForecast(input);
      expect(run.advance(0)).toBe(true);
      expect(run.result()).toEqual(forecastFinish(input));
    }
  });

  it('refuses to answer before every trial has run', () => {
    const run = startForecast(slowMarket);
    run.advance(9_999);
    expect(() => run.result()).toThrow('1 trials still to run');
  });

  it('agrees with the whole run on any history, remainder, share and slicing (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 3000 }),
        (history, remainingUsers, firstDayShare, trials, slice) => {
          const input = {
            history,
            remainingUsers,
            firstDayShare,
            trials,
            firstDay: '2014-06-01',
            deadlineDay: '2014-10-31',
          };
          expect(inSlices(input, slice).forecast).toEqual(forecastFinish(input));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200), seed: 20140601 },
    );
  });
});
