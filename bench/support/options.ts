/** Command-line and environment options of `npm run bench`. */

export type Durability = 'full' | 'normal';

export const APPEND_PARTS = ['store-append', 'http-commands', 'write-cache'] as const;
export const READ_PARTS = ['rebuild', 'progress-query', 'sse-latency', 'sse-fanout'] as const;
export const AUDIT_PARTS = ['audit-verify', 'audit-as-of', 'audit-tlog'] as const;
export const IMPORT_PARTS = ['import'] as const;
export const HOSTILE_PARTS = ['hostile'] as const;
export const NOTIFY_PARTS = ['notify'] as const;
export const SCALE_PARTS = ['scale'] as const;
export const PARTS = [
  ...APPEND_PARTS,
  ...READ_PARTS,
  ...AUDIT_PARTS,
  ...IMPORT_PARTS,
  ...HOSTILE_PARTS,
  ...NOTIFY_PARTS,
  ...SCALE_PARTS,
] as const;
export type PartName = (typeof PARTS)[number];

/** What a selector on the command line (or in BENCH_PARTS) stands for. */
const SELECTORS: Record<string, readonly PartName[]> = {
  all: PARTS,
  append: APPEND_PARTS,
  store: ['store-append'],
  'store-append': ['store-append'],
  http: ['http-commands'],
  'http-commands': ['http-commands'],
  'write-cache': ['write-cache'],
  read: READ_PARTS,
  rebuild: ['rebuild'],
  progress: ['progress-query'],
  'progress-query': ['progress-query'],
  sse: ['sse-latency'],
  'sse-latency': ['sse-latency'],
  'sse-fanout': ['sse-fanout'],
  audit: AUDIT_PARTS,
  'audit-verify': ['audit-verify'],
  verify: ['audit-verify'],
  'audit-as-of': ['audit-as-of'],
  'as-of': ['audit-as-of'],
  'audit-tlog': ['audit-tlog'],
  tlog: ['audit-tlog'],
  import: IMPORT_PARTS,
  hostile: HOSTILE_PARTS,
  notify: NOTIFY_PARTS,
  scale: SCALE_PARTS,
};

export interface BenchOptions {
  quick: boolean;
  parts: PartName[];
  /** SQLite synchronous mode of every side (baselines and candidates alike): FULL unless asked otherwise. */
  durability: Durability;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--durability=full|normal] [part ...]
  parts: ${Object.keys(SELECTORS).join(', ')} (default: all)
  env:   BENCH_QUICK=1, BENCH_PARTS=store,http, BENCH_DURABILITY=normal,
         BENCH_CPU_PROF=<dir>, BENCH_HEAP_PROF=<dir> (profiles of the measured child processes),
         BENCH_LOG_DIR=<dir> (keep generated logs across runs), BENCH_SCALE_SIZES=1000000,10000000 (scale)`;

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
