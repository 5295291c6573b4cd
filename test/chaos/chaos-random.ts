import { randomInt } from 'node:crypto';
import { mulberry32 } from '@app/domain';

/**
 * A small seeded generator (mulberry32): the same seed gives the same clients' choices and the same kill
 * points, so a failing run can be replayed with `--seed`. The moments the kills land still depend on the
 * machine's timing; the seed fixes what is sent and after how many sends each kill comes.
 */
export class SeededRandom {
  private readonly draw: () => number;
  private draws = 0;

  constructor(private readonly seed: number) {
    this.draw = mulberry32(seed);
  }

  /** A number in [0, 1). */
  next(): number {
    this.draws++;
    return this.draw();
  }

  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** An independent generator for one participant (a client, the kill scheduler), derived from this seed. */
  fork(label: number): SeededRandom {
    return new SeededRandom((this.state() ^ Math.imul(label + 1, 0x9e3779b9)) >>> 0);
  }

  /** mulberry32's state after the draws so far: it adds 0x6d2b79f5 per draw. */
  private state(): number {
    return (this.seed + Math.imul(this.draws, 0x6d2b79f5)) >>> 0;
  }
}

export function randomSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}
