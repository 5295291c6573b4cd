import { addDays } from '@app/domain';
import { localInstant } from './calendar';
import { between, seededRandom } from './seeded-random';
import type { StepRow } from './step-row';

export interface BulkOptions {
  seed?: number;
  programId?: string;
  markets?: string[];
  /** Total rows, set-up included (rounded to whole copied + verified pairs). */
  steps: number;
}

const DEFAULT_MARKETS = ['IN', 'HK', 'ID', 'MY', 'PH', 'SG', 'TW'];

/**
 * Many steps for benchmarks: one program, its markets enrolled and started, then copied + verified pairs
 * dealt round-robin across the markets, one batch per market and hour.
 */
export function bulkSteps(options: BulkOptions): StepRow[] {
  const random = seededRandom(options.seed ?? 7);
  const program = options.programId ?? 'bulk-2014';
  const markets = options.markets ?? DEFAULT_MARKETS;
  const rows: StepRow[] = [
    {
      program,
      step: 'create-program',
      occurredAt: '2014-01-15T09:00:00+08:00',
      name: 'Bulk import benchmark',
      sourceRegion: 'cn-north',
      deadline: '2014-10-31T23:59:59+08:00',
      timeZone: 'Asia/Singapore',
      dataCategories: ['contacts'],
    },
  ];
  for (const market of markets) {
    rows.push({
      program,
      market,
      step: 'enroll',
      targetRegion: 'singapore',
      usersInScope: 1_000_000_000,
      occurredAt: '2014-02-01T09:00:00+08:00',
    });
    rows.push({ program, market, step: 'start', occurredAt: '2014-02-02T09:00:00+08:00' });
  }
  const pairs = Math.max(0, Math.floor((options.steps - rows.length) / 2));
  for (let i = 0; i < pairs; i++) {
    const market = markets[i % markets.length];
    const n = Math.floor(i / markets.length);
    const day = addDays('2014-02-03', Math.floor(n / 24));
    const minutes = (n % 24) * 60;
    const batch = `${market}-${String(n + 1).padStart(7, '0')}`;
    rows.push({
      program,
      market,
      step: 'copied',
      batch,
      users: between(random, 100, 5000),
      occurredAt: localInstant(day, minutes),
    });
    rows.push({ program, market, step: 'verified', batch, occurredAt: localInstant(day, minutes + 30) });
  }
  return rows;
}
