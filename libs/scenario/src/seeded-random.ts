import { mulberry32 } from '@app/domain';

/**
 * The generated data's generator: mulberry32, the sequence the reference scenario and the benchmarks' logs
 * were made with (the forecasts use another, sfc32: see the domain's seeded-random.ts). The same seed, the
 * same data.
 */
export const seededRandom = mulberry32;

/** An integer in [min, max]. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
