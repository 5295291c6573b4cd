import { addDays } from '@app/domain';
import { isWeekend, localInstant } from './calendar';
import { between, seededRandom } from './seeded-random';
import type { StepRow } from './step-row';

/**
 * The 2014 reference program, generated: seven markets move from cn-north to us-east and singapore between
 * early 2014 and the end-of-October deadline. Each market has its own story (see PLANS); batch sizes,
 * times of day and occasional failures are drawn from a seeded PRNG, so one seed always gives the same rows.
 */
export interface ScenarioOptions {
  seed?: number;
  programId?: string;
  /** Only steps that happened at or before this instant (e.g. the demo's simulated "now"). */
  until?: string;
}

export const DEFAULT_SEED = 2014;
export const FIRST_DEADLINE = '2014-09-30T23:59:59+08:00';
export const DEADLINE = '2014-10-31T23:59:59+08:00';
export const DEADLINE_REVISION_REASON =
  'Regulators accepted a one-month extension: ID and TW volumes were underestimated';

export interface MarketPlan {
  market: string;
  targetRegion: 'us-east' | 'singapore';
  /** Users in scope before the seeded jitter (±3%). */
  users: number;
  plannedStart?: string;
  start: string;
  /** First day with a batch. */
  firstBatch: string;
  usersPerDay: number;
  /** Days the migration pauses (with a reason) and, optionally, resumes. */
  pauses?: { from: string; reason: string; until?: string }[];
  /** 1-based batch numbers that fail once and are retried the same day. */
  forcedFailures?: number[];
}

// Why each market looks the way it does by the deadline:
// IN done early (one failed batch retried), SG done by July, HK done in September, PH starts in August and
// cuts over in October, ID finishes in the last week (at risk all along), MY pauses twice and ends paused,
// TW runs at a third of the rate it needs and misses the deadline (the late market).
export const PLANS: MarketPlan[] = [
  {
    market: 'IN',
    targetRegion: 'us-east',
    users: 620_000,
    start: '2014-03-03',
    firstBatch: '2014-04-01',
    usersPerDay: 24_000,
    forcedFailures: [4],
  },
  {
    market: 'HK',
    targetRegion: 'singapore',
    users: 410_000,
    start: '2014-05-01',
    firstBatch: '2014-05-02',
    usersPerDay: 3_600,
  },
  {
    market: 'ID',
    targetRegion: 'singapore',
    users: 1_150_000,
    start: '2014-04-01',
    firstBatch: '2014-04-02',
    usersPerDay: 6_400,
  },
  {
    market: 'MY',
    targetRegion: 'singapore',
    users: 380_000,
    start: '2014-05-15',
    firstBatch: '2014-05-15',
    usersPerDay: 3_000,
    pauses: [
      {
        from: '2014-06-14',
        until: '2014-07-14',
        reason: 'Contacts store checksum mismatches; investigating',
      },
      { from: '2014-09-01', reason: 'Target cluster capacity exhausted; waiting for new racks' },
    ],
  },
  {
    market: 'PH',
    targetRegion: 'us-east',
    users: 290_000,
    plannedStart: '2014-08-01',
    start: '2014-08-04',
    firstBatch: '2014-08-04',
    usersPerDay: 4_300,
  },
  {
    market: 'SG',
    targetRegion: 'singapore',
    users: 240_000,
    start: '2014-05-01',
    firstBatch: '2014-05-01',
    usersPerDay: 4_200,
  },
  {
    market: 'TW',
    targetRegion: 'us-east',
    users: 870_000,
    start: '2014-05-01',
    firstBatch: '2014-05-05',
    usersPerDay: 2_000,
  },
];

const LAST_DAY = '2014-10-31';
const FAILURE_PROBABILITY = 0.015;
const FAILURE_REASONS = [
  'Row count mismatch between source and target',
  'Checksum mismatch in the messages store',
  'Copy job timed out; target rejected writes',
];

export function referenceScenario(options: ScenarioOptions = {}): StepRow[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const program = options.programId ?? 'intl-2014';
  const rows: StepRow[] = [
    {
      program,
      step: 'create-program',
      occurredAt: localInstant('2014-01-15', 9 * 60),
      name: 'International user data relocation 2014',
      sourceRegion: 'cn-north',
      deadline: FIRST_DEADLINE,
      timeZone: 'Asia/Singapore',
      dataCategories: ['device-ids', 'phone-numbers', 'contacts', 'messages', 'backups', 'cloud-files'],
    },
    {
      program,
      step: 'revise-deadline',
      occurredAt: localInstant('2014-06-02', 11 * 60),
      deadline: DEADLINE,
      reason: DEADLINE_REVISION_REASON,
    },
  ];
  PLANS.forEach((plan, index) =>
    rows.push(...marketRows(program, plan, index, seededRandom(seed * 31 + index))),
  );
  const ordered = rows
    .map((row, index) => ({ row, index, at: Date.parse(row.occurredAt ?? '') }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ row }) => row);
  if (options.until === undefined) return ordered;
  const until = Date.parse(options.until);
  return ordered.filter((row) => Date.parse(row.occurredAt ?? '') <= until);
}

function marketRows(program: string, plan: MarketPlan, index: number, random: () => number): StepRow[] {
  const { market } = plan;
  const scope = Math.round((plan.users * (0.97 + random() * 0.06)) / 100) * 100;
  const rows: StepRow[] = [
    {
      program,
      market,
      step: 'enroll',
      occurredAt: localInstant('2014-02-01', 9 * 60 + index * 5),
      targetRegion: plan.targetRegion,
      usersInScope: scope,
      bytesInScope: scope * between(random, 60, 90) * 1_000_000,
      ...(plan.plannedStart ? { plannedStart: `${plan.plannedStart}T00:00:00+08:00` } : {}),
    },
    { program, market, step: 'start', occurredAt: localInstant(plan.start, 8 * 60 + between(random, 0, 30)) },
  ];
  let verified = 0;
  let batchNumber = 0;
  let day = plan.firstBatch;
  let paused = false;
  for (; day <= LAST_DAY && verified < scope; day = addDays(day, 1)) {
    const pause = plan.pauses?.find((p) => p.from === day);
    if (pause) {
      rows.push({
        program,
        market,
        step: 'pause',
        occurredAt: localInstant(day, 9 * 60),
        reason: pause.reason,
      });
      paused = true;
    }
    if (plan.pauses?.some((p) => p.until === day)) {
      rows.push({ program, market, step: 'resume', occurredAt: localInstant(day, 8 * 60 + 30) });
      paused = false;
    }
    if (paused) continue;
    const rate = plan.usersPerDay * (isWeekend(day) ? 0.5 : 1) * (0.75 + random() * 0.5);
    const users = Math.min(scope - verified, Math.max(100, Math.round(rate / 100) * 100));
    batchNumber += 1;
    const batch = `${market}-${String(batchNumber).padStart(4, '0')}`;
    const copiedAt = 10 * 60 + between(random, 0, 90);
    rows.push({
      program,
      market,
      step: 'copied',
      batch,
      users,
      bytes: users * between(random, 55, 95) * 1_000_000,
      occurredAt: localInstant(day, copiedAt),
    });
    const failed = plan.forcedFailures?.includes(batchNumber) || random() < FAILURE_PROBABILITY;
    if (failed) {
      const reason = FAILURE_REASONS[between(random, 0, FAILURE_REASONS.length - 1)];
      rows.push({ program, market, step: 'failed', batch, reason, occurredAt: localInstant(day, 13 * 60) });
      rows.push({ program, market, step: 'copied', batch, users, occurredAt: localInstant(day, 17 * 60) });
    }
    // The checksum is drawn before the minute: the seeded sequence, hence the data, depends on that order.
    const sum = checksum(random);
    const verifiedAt = failed ? 21 * 60 : 16 * 60 + between(random, 0, 120);
    rows.push({
      program,
      market,
      step: 'verified',
      batch,
      checksum: sum,
      occurredAt: localInstant(day, verifiedAt),
    });
    verified += users;
  }
  if (verified < scope) return rows;
  // The closing steps follow the last batch by a few days, as long as they fall before the deadline.
  const closing: StepRow[] = [
    { program, market, step: 'cutover', occurredAt: localInstant(addDays(day, 1), 20 * 60) },
    {
      program,
      market,
      step: 'purge',
      occurredAt: localInstant(addDays(day, 8), 10 * 60),
      evidence: `CHG-2014-${market}-${between(random, 1000, 9999)} wipe certificate`,
    },
    { program, market, step: 'complete', occurredAt: localInstant(addDays(day, 9), 9 * 60) },
  ];
  return [...rows, ...closing.filter((row) => (row.occurredAt ?? '').slice(0, 10) <= LAST_DAY)];
}

function checksum(random: () => number): string {
  let hex = '';
  while (hex.length < 64)
    hex += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return `sha256:${hex}`;
}
