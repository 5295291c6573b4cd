import { phaseLabel, type EnrolledMarketPhase } from '../market/market.state';
import { DAY_MS, instantMs } from './calendar';
import { measureMarket, type MarketMeasures } from './market-measures';
import { assessStaleness } from './staleness';

export type MarketStatus =
  'not_started' | 'on_track' | 'at_risk' | 'off_track' | 'completed' | 'completed_late';

export type MarketStatusInput = {
  readonly phase: EnrolledMarketPhase;
  readonly usersInScope: number;
  readonly verifiedUsers: number;
  /** The program's deadline, an ISO instant. */
  readonly deadline: string;
  readonly now: Date;
  /** Verified users per day, e.g. `trailingThroughput(history).verifiedPerDay`. */
  readonly throughputPerDay: number;
  /** occurredAt of the market's completion (ISO). */
  readonly completedAt?: string;
  readonly plannedStart?: string;
  /**
   * When the latest step of the market was recorded (ISO): staleness is about reporting, so a step logged
   * late (occurredAt long ago) still counts as fresh, and a step dated recently but logged long ago does not.
   */
  readonly lastStepAt?: string;
  /** A market expecting work is stale once its last step is this old; 24 hours by default. */
  readonly staleAfterMs?: number;
};

export type MarketAssessment = MarketMeasures & {
  readonly status: MarketStatus;
  readonly stale: boolean;
  /** Why the status (and the stale flag), in short sentences for people. */
  readonly reasons: readonly string[];
};

/** At risk from 80% of the required rate up; below it, off track. Written as 4/5 to compare exactly. */
const AT_RISK_NUMERATOR = 4;
const AT_RISK_DENOMINATOR = 5;

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const days = (ms: number): string => `${(ms / DAY_MS).toFixed(1)} days`;

/**
 * Where a market stands against the deadline. The first rule that applies decides
 * (D = the deadline instant, required = remaining users / days left, throughput = users verified per day):
 *
 * 1. completed: phase completed and completedAt <= D. completed_late: phase completed and completedAt > D.
 *    Without completedAt the completion is judged at `now`, the latest it can have happened.
 * 2. off_track: now > D (the deadline passed without completion), or now = D with users unverified.
 * 3. Phase planned: at_risk when plannedStart <= now (due but not started); otherwise not_started.
 * 4. Every other phase (migrating, paused, cut_over, source_purged), deadline ahead:
 *    a. nothing remains to verify: on_track;
 *    b. throughput < 0.8 x required: off_track (zero throughput with users remaining lands here);
 *    c. 0.8 x required <= throughput < required: at_risk;
 *    d. throughput >= required: on_track;
 *    and a paused market is never better than at_risk.
 *
 * Monotonic within a phase: more throughput, more verified users or an earlier completion never worsen the
 * status, and time passing with nothing else changing never improves it. The rules are in STATUS_RULES.md
 * too; change both together. Stale is a separate flag (see `assessStaleness`).
 */
export function assessMarket(input: MarketStatusInput): MarketAssessment {
  const measures = measureMarket(input);
  const { status, reasons } = classify(input, measures);
  const staleness = assessStaleness(input);
  return {
    status,
    ...measures,
    stale: staleness.stale,
    reasons: staleness.reason === null ? reasons : [...reasons, staleness.reason],
  };
}

type Verdict = { readonly status: MarketStatus; readonly reasons: string[] };

const verdict = (status: MarketStatus, reason: string): Verdict => ({ status, reasons: [reason] });
const isoOf = (ms: number): string => new Date(ms).toISOString();

function classify(input: MarketStatusInput, measures: MarketMeasures): Verdict {
  const { phase, throughputPerDay } = input;
  const nowMs = input.now.getTime();
  const deadlineMs = instantMs(input.deadline);
  const deadline = isoOf(deadlineMs);
  const remaining = measures.remainingUsers;

  if (phase === 'completed') {
    const given = input.completedAt !== undefined;
    const at = given ? instantMs(input.completedAt) : nowMs;
    const when = given ? `completed ${isoOf(at)}` : `completion time not given, judged at ${isoOf(at)}`;
    return at <= deadlineMs
      ? verdict('completed', `${when}, by the deadline ${deadline}`)
      : verdict('completed_late', `${when}, ${days(at - deadlineMs)} after the deadline ${deadline}`);
  }
  if (nowMs > deadlineMs) {
    const unverified = remaining > 0 ? `, ${count.format(remaining)} users unverified` : '';
    const late = `${days(nowMs - deadlineMs)} ago without completion (phase ${phaseLabel(phase)}${unverified})`;
    return verdict('off_track', `deadline ${deadline} passed ${late}`);
  }
  if (nowMs === deadlineMs && remaining > 0) {
    return verdict(
      'off_track',
      `deadline ${deadline} reached with ${count.format(remaining)} users unverified`,
    );
  }
  if (phase === 'planned') {
    if (input.plannedStart === undefined) return verdict('not_started', 'no planned start set');
    const plannedMs = instantMs(input.plannedStart);
    return plannedMs <= nowMs
      ? verdict('at_risk', `planned start ${isoOf(plannedMs)} has passed and the migration has not started`)
      : verdict('not_started', `planned to start ${isoOf(plannedMs)}`);
  }
  const byRate = rateVerdict(remaining, throughputPerDay, deadlineMs - nowMs);
  if (phase !== 'paused') return byRate;
  return {
    status: byRate.status === 'on_track' ? 'at_risk' : byRate.status,
    reasons: ['the migration is paused', ...byRate.reasons],
  };
}

/** Rule 4, for a started market with time left. */
function rateVerdict(remaining: number, throughput: number, msLeft: number): Verdict {
  if (remaining === 0) return verdict('on_track', `all users verified; ${days(msLeft)} left to finish`);
  // The exact rate, not the reported one (rounded up to 2 decimals).
  const required = (remaining * DAY_MS) / msLeft;
  const share = Math.floor((throughput / required) * 100);
  const reason = `needs ${count.format(required)} users/day, doing ${count.format(throughput)} (${share}% of the required rate)`;
  if (throughput >= required) return verdict('on_track', reason);
  if (throughput * AT_RISK_DENOMINATOR >= required * AT_RISK_NUMERATOR) return verdict('at_risk', reason);
  return verdict('off_track', reason);
}
