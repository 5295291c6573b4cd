import type { JsonObject } from '@app/event-store';
import { MARKET_PROFILES, type MarketProfile } from './reference-markets';
import { seededHex, seededRandom, seededUuid, seedOf, uniqueUuid } from './seeded';

/**
 * The steps of one generated program: a variant of the 2014 reference program (7 markets moving from cn-north
 * to us-east / singapore, deadline 2014-10-31 Singapore time), shaped like what the API writes. Program 0 is
 * the reference itself (scopes as in test/support/reference-scenario.ts); the others jitter scopes, start days,
 * batch sizes and failures. Every program has exactly `programEvents` events (PROGRAM_EVENTS unless asked
 * otherwise: more events make more, smaller batches over the same months).
 */

export const PROGRAM_EVENTS = 2000;
export const TIME_ZONE = 'Asia/Singapore';
export const FIRST_DEADLINE = '2014-09-30T23:59:59+08:00';
export const DEADLINE = '2014-10-31T23:59:59+08:00';
/** "Now" for the read benchmarks: after the last generated step, before the deadline. */
export const AS_OF = '2014-10-13T12:00:00+08:00';

export const programIdOf = (index: number): string => `bench-${String(index + 1).padStart(4, '0')}`;

/** One step before its envelope: `stream` 0 is the program stream, 1..7 the markets in MARKETS order. */
export interface PlannedStep {
  stream: number;
  id: string;
  type: string;
  data: JsonObject;
  occurredAt: number;
  recordedAt: number;
  actor: string;
  idempotencyKey?: string;
}

export interface MarketOutcome {
  market: string;
  usersInScope: number;
  verifiedUsers: number;
  phase: string;
  failures: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const local = (day: string, hour = 0): number => Date.parse(`${day}T00:00:00+08:00`) + hour * HOUR;
const FAILURE_REASONS = [
  'Row count mismatch',
  'Checksum mismatch on contacts shard',
  'Target bucket throttled',
];
/** Program events + per market: enrolled, started; MY pause/resume; IN cutover/purge/complete; SG cutover. */
const FIXED_EVENTS = 2 + 2 * MARKET_PROFILES.length + 2 + 3 + 1;

export function planProgram(
  index: number,
  seed: number,
  programEvents = PROGRAM_EVENTS,
): { steps: PlannedStep[]; markets: MarketOutcome[] } {
  const random = seededRandom(seedOf(seed, index));
  const programId = programIdOf(index);
  const jitter = (value: number, spread: number) =>
    index === 0 ? value : value * (1 + spread * (2 * random() - 1));
  const steps: PlannedStep[] = [];
  const step = (
    stream: number,
    type: string,
    data: JsonObject,
    occurredAt: number,
    actor: string,
    late = 0,
  ) =>
    steps.push({
      stream,
      id: uniqueUuid(seededUuid(random), index, steps.length),
      type,
      data,
      occurredAt,
      recordedAt: occurredAt + late,
      actor,
    });
  const created = local('2014-01-15', 9 + random());
  step(
    0,
    'ProgramCreated',
    {
      programId,
      name:
        index === 0
          ? 'International user data relocation 2014'
          : `International user data relocation 2014 #${index + 1}`,
      sourceRegion: 'cn-north',
      deadline: FIRST_DEADLINE,
      timeZone: TIME_ZONE,
      dataCategories: ['device-ids', 'phone-numbers', 'contacts', 'messages', 'backups', 'cloud-files'],
    },
    created,
    'program-office',
    2 * MINUTE,
  );
  const revised = local('2014-06-20', 10 + random());
  step(
    0,
    'DeadlineRevised',
    {
      programId,
      previousDeadline: FIRST_DEADLINE,
      deadline: DEADLINE,
      reason: 'Regulators accepted end of October; extra capacity for TW and ID',
    },
    revised,
    'program-office',
    5 * MINUTE,
  );

  let budget = programEvents - FIXED_EVENTS;
  const markets = MARKET_PROFILES.map((profile, m) => {
    const share =
      m === MARKET_PROFILES.length - 1
        ? budget
        : 2 * Math.floor((profile.share * (programEvents - FIXED_EVENTS)) / 2);
    budget -= share;
    const scope =
      index === 0 ? profile.usersInScope : Math.round(jitter(profile.usersInScope, 0.2) / 1000) * 1000;
    return planMarket(
      {
        programId,
        stream: m + 1,
        profile,
        scope,
        budget: share,
        shiftDays: index === 0 ? 0 : Math.floor(random() * 11) - 5,
        coverage: Math.min(1, jitter(profile.coverage, 0.1)),
      },
      random,
      step,
      steps,
    );
  });
  return { steps, markets };
}

interface MarketInput {
  programId: string;
  stream: number;
  profile: MarketProfile;
  scope: number;
  budget: number;
  shiftDays: number;
  coverage: number;
}

type StepFn = (
  stream: number,
  type: string,
  data: JsonObject,
  occurredAt: number,
  actor: string,
  late?: number,
) => void;

function planMarket(
  input: MarketInput,
  random: () => number,
  step: StepFn,
  steps: PlannedStep[],
): MarketOutcome {
  const { programId, stream, profile, scope } = input;
  const ref = { programId, market: profile.market };
  const ops = (k: number) => `ops-${profile.market.toLowerCase()}-${1 + (k % 3)}`;
  const quick = () => MINUTE + random() * 14 * MINUTE;
  // Operators report late now and then: 13% within hours, 2% the next day (never around a pause).
  const delay = () => {
    const r = random();
    if (profile.pause || r < 0.85) return quick();
    return r < 0.98 ? HOUR + random() * 3 * HOUR : 18 * HOUR + random() * 22 * HOUR;
  };
  step(
    stream,
    'MarketEnrolled',
    {
      ...ref,
      targetRegion: profile.targetRegion,
      usersInScope: scope,
      bytesInScope: scope * 48_000_000,
      ...(profile.plannedStart ? { plannedStart: profile.plannedStart } : {}),
    },
    local('2014-02-01', 9 + random()),
    'program-office',
    quick(),
  );
  const startAt = local(profile.start, 8) + input.shiftDays * DAY + random() * HOUR;
  step(stream, 'MigrationStarted', ref, startAt, ops(0), quick());

  const failed: boolean[] = [];
  for (let left = input.budget; left >= 2;) {
    const fails = left >= 4 && random() < 0.04;
    failed.push(fails);
    left -= fails ? 4 : 2;
  }
  const total = profile.closing === 'open' ? Math.floor(scope * input.coverage) : scope;
  const weights = failed.map(() => 0.7 + 0.6 * random());
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const users = weights.map((w) => Math.floor((total * w) / weightSum));
  users[users.length - 1] += total - users.reduce((sum, u) => sum + u, 0);

  const pause = profile.pause && { from: local(profile.pause.from, 9), to: local(profile.pause.to, 9) };
  const first = startAt + HOUR;
  const span = local(profile.end, 18) + input.shiftDays * DAY - first - (pause ? pause.to - pause.from : 0);
  let lastStep = startAt;
  failed.forEach((fails, k) => {
    let at = first + (span * (k + 0.8 * random())) / failed.length;
    if (pause && at + 9 * HOUR >= pause.from) at += pause.to - pause.from + 9 * HOUR;
    const batchId = `${profile.market}-${String(k + 1).padStart(4, '0')}`;
    const bytes = users[k] * (40_000_000 + Math.floor(random() * 16_000_000));
    let recorded = 0;
    const batchStep = (type: string, data: JsonObject, occurredAt: number, attempt: number) => {
      const recordedAt = Math.max(occurredAt + delay(), recorded + 30_000);
      recorded = recordedAt;
      lastStep = Math.max(lastStep, recordedAt);
      step(stream, type, { ...ref, batchId, ...data }, occurredAt, ops(k), recordedAt - occurredAt);
      steps[steps.length - 1].idempotencyKey = `${batchId}/${type}/${attempt}`;
    };
    batchStep('BatchCopied', { users: users[k], bytes, attempt: 1 }, at, 1);
    if (fails) {
      const reason = FAILURE_REASONS[Math.floor(random() * FAILURE_REASONS.length)];
      batchStep('BatchFailed', { users: users[k], reason, attempt: 1 }, at + HOUR + random() * HOUR, 1);
      batchStep('BatchCopied', { users: users[k], bytes, attempt: 2 }, at + 3 * HOUR, 2);
    }
    const checksum = `sha256:${seededHex(random, 64)}`;
    batchStep(
      'BatchVerified',
      { users: users[k], checksum },
      at + (fails ? 5 : 2) * HOUR + random() * 3 * HOUR,
      1,
    );
  });
  if (pause) {
    step(
      stream,
      'MigrationPaused',
      { ...ref, reason: profile.pause?.reason ?? '' },
      pause.from,
      ops(1),
      quick(),
    );
    step(stream, 'MigrationResumed', ref, pause.to, ops(1), quick());
  }
  let phase = 'migrating';
  if (profile.closing !== 'open') {
    const cutover = lastStep + 2 * DAY;
    step(stream, 'CutoverCompleted', { ...ref, verifiedUsers: scope }, cutover, ops(2), quick());
    phase = 'cut_over';
    if (profile.closing === 'complete') {
      step(
        stream,
        'SourceDataPurged',
        { ...ref, evidence: `CHG-2014-${profile.market}-${seededHex(random, 6)} wipe certificate` },
        cutover + 26 * DAY,
        ops(2),
        quick(),
      );
      step(stream, 'MarketCompleted', ref, cutover + 27 * DAY, 'program-office', quick());
      phase = 'completed';
    }
  }
  return {
    market: profile.market,
    usersInScope: scope,
    verifiedUsers: total,
    phase,
    failures: failed.filter(Boolean).length,
  };
}
