import { median } from './stats';
import { settle } from './timing';

/** A measurement of one run; `value` is what is compared (higher is better, e.g. events/s). */
export interface Sample {
  value: number;
}

export interface Comparison<B extends Sample, C extends Sample> {
  baseline: B[];
  candidate: C[];
  /** candidate ÷ baseline of each round (the two runs of a round are adjacent in time). */
  ratios: number[];
  medianBaseline: number;
  medianCandidate: number;
  /** Median of the per-round ratios: adjacent runs share the machine's mood, so this is the steadiest figure. */
  ratio: number;
}

/**
 * Runs baseline and candidate alternately for `rounds` rounds, ABBA order (B C, C B, B C, ...), so that a drift
 * of the machine during the run does not favour either side.
 */
export async function alternate<B extends Sample, C extends Sample>(
  rounds: number,
  runBaseline: (round: number) => Promise<B>,
  runCandidate: (round: number) => Promise<C>,
  log: (round: number, baseline: B, candidate: C) => void,
): Promise<Comparison<B, C>> {
  const baseline: B[] = [];
  const candidate: C[] = [];
  for (let round = 0; round < rounds; round++) {
    let b: B;
    let c: C;
    if (round % 2 === 0) {
      b = await runBaseline(round);
      await settle();
      c = await runCandidate(round);
    } else {
      c = await runCandidate(round);
      await settle();
      b = await runBaseline(round);
    }
    await settle();
    baseline.push(b);
    candidate.push(c);
    log(round, b, c);
  }
  const ratios = baseline.map((b, index) => candidate[index].value / b.value);
  return {
    baseline,
    candidate,
    ratios,
    medianBaseline: median(baseline.map((s) => s.value)),
    medianCandidate: median(candidate.map((s) => s.value)),
    ratio: median(ratios),
  };
}
