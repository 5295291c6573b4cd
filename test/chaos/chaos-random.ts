import { randomInt } from 'node:crypto';

/**
 * A small seeded generator (mulberry32): the same seed gives the same clients' choices and the same kill
 * points, so a failing run can be replayed with `--seed`. The moments the kills land still depend on the
 * machine's timing; the seed fixes what is sent and after how many sends each kill comes.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
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
    return new SeededRandom((this.state ^ Math.imul(label + 1, 0x9e3779b9)) >>> 0);
  }
}

export function randomSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}
