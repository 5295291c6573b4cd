/** Command-line and environment options of `npm run bench`. */

export type Durability = 'full' | 'normal';

export const PARTS = ['store-append', 'http-commands'] as const;
export type PartName = (typeof PARTS)[number];

/** What a selector on the command line (or in BENCH_PARTS) stands for. */
const SELECTORS: Record<string, readonly PartName[]> = {
  all: PARTS,
  append: PARTS,
  store: ['store-append'],
  'store-append': ['store-append'],
  http: ['http-commands'],
  'http-commands': ['http-commands'],
};

export interface BenchOptions {
  quick: boolean;
  parts: PartName[];
  /** SQLite synchronous mode of every side (baselines and candidates alike): FULL unless asked otherwise. */
  durability: Durability;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--durability=full|normal] [part ...]
  parts: ${Object.keys(SELECTORS).join(', ')} (default: all)
  env:   BENCH_QUICK=1, BENCH_PARTS=store,http, BENCH_DURABILITY=normal`;

export class OptionsError extends Error {}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  let quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  let durability = env.BENCH_DURABILITY ?? 'full';
  const selectors = (env.BENCH_PARTS ?? '').split(',').filter((part) => part.trim() !== '');
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--durability=')) durability = arg.slice('--durability='.length);
    else if (arg.startsWith('-')) throw new OptionsError(`Unknown option ${arg}`);
    else selectors.push(arg);
  }
  if (durability !== 'full' && durability !== 'normal') {
    throw new OptionsError(`Durability must be full or normal, got "${durability}"`);
  }
  const chosen = new Set<PartName>();
  for (const selector of selectors.length > 0 ? selectors : ['all']) {
    const parts = SELECTORS[selector.trim()];
    if (!parts) throw new OptionsError(`Unknown part "${selector}"`);
    parts.forEach((part) => chosen.add(part));
  }
  return { quick, durability, parts: PARTS.filter((part) => chosen.has(part)) };
}

/** How every figure names its durability, e.g. "WAL, synchronous=FULL". */
export function durabilityLabel(durability: Durability): string {
  return `WAL, synchronous=${durability.toUpperCase()}`;
}
