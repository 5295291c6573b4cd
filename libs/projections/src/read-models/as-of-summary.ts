import { isBatchStep, lastStepOf, stepDelta } from './batch-step-totals';
import { numberField, textField, type TrackerMarketEvent } from './event-fields';
import type { MarketProgressRow } from './market-progress.projection';

/** A value set by the event at `p` (a global position): of several, the one of the highest position wins. */
type Latest<T> = [p: number, value: T];

/**
 * What a set of one market's events makes of its market_progress row, as a value that merges: sums add,
 * "the last event of a kind" is the one of the highest position, the last step is the latest by occurredAt
 * (the highest position of equals). The row the projection folds from events applied in log order depends
 * only on WHICH events were applied, so the summary of any split of that set, merged, is the row's: the
 * as-of index keeps summaries per hour and merges them for any instant (see as-of-index.projection.ts).
 * That holds when every event of the market follows its enrolment in the log (the row exists when it is
 * applied) and there is one enrolment: the index checks both and marks a program that breaks them.
 * Short keys: one of these is stored per market, basis and hour.
 */
export interface MarketSummary {
  /** The enrolment: position, occurredAt, recordedAt, targetRegion, usersInScope, bytesInScope, plannedStart. */
  e?: [number, string, string, string, number, unknown, unknown];
  /** copied users, copied bytes, verified users, batches verified, failed batches, failures, retries. */
  n: [number, number, number, number, number, number, number];
  /** The last ScopeRevised: its usersInScope. */
  s?: Latest<number>;
  /** The last milestone that sets the phase: the phase. */
  ph?: Latest<string>;
  /** The last MigrationStarted, CutoverCompleted, SourceDataPurged, MarketCompleted: occurredAt. */
  st?: Latest<string>;
  co?: Latest<string>;
  pu?: Latest<string>;
  cp?: Latest<string>;
  /** The last MigrationPaused ([occurredAt, reason]) or MigrationResumed (null). */
  pa?: Latest<[string, string | null] | null>;
  /** The latest step by occurredAt: occurredAt, type, position. */
  ls?: [string, string, number];
  /** The last event: position, recordedAt. */
  l?: [number, string];
}

const PHASES: Readonly<Record<string, string>> = {
  MigrationStarted: 'migrating',
  MigrationPaused: 'paused',
  MigrationResumed: 'migrating',
  CutoverCompleted: 'cut_over',
  SourceDataPurged: 'source_purged',
  MarketCompleted: 'completed',
};

export const emptySummary = (): MarketSummary => ({ n: [0, 0, 0, 0, 0, 0, 0] });

/** The summary of one market event (it throws where the projection would: a poison event). */
export function summaryOf(event: TrackerMarketEvent): MarketSummary {
  const last = lastStepOf(event);
  const p = last.lastPosition;
  const at = last.latestAt;
  const summary: MarketSummary = {
    n: [0, 0, 0, 0, 0, 0, 0],
    ls: [at, last.latestType, p],
    l: [p, last.lastRecordedAt],
  };
  if (isBatchStep(event)) {
    const d = stepDelta(event);
    const n = summary.n;
    [n[0], n[1], n[2], n[3], n[4], n[5], n[6]] = [
      d.copiedUsers,
      d.copiedBytes,
      d.verifiedUsers,
      d.batchesVerified,
      d.failedBatches,
      d.failures,
      d.retries,
    ];
    return summary;
  }
  switch (event.type) {
    case 'MarketEnrolled': {
      const { targetRegion, bytesInScope, plannedStart } = event.data;
      if (typeof targetRegion !== 'string') throw new Error(`MarketEnrolled at ${p}: no targetRegion`);
      const scope = numberField(event, 'usersInScope');
      summary.e = [
        p,
        at,
        last.lastRecordedAt,
        targetRegion,
        scope,
        bytesInScope ?? null,
        plannedStart ?? null,
      ];
      break;
    }
    case 'ScopeRevised':
      summary.s = [p, numberField(event, 'usersInScope')];
      break;
    case 'MigrationPaused':
      summary.pa = [p, [at, textField(event, 'reason')]];
      break;
    case 'MigrationResumed':
      summary.pa = [p, null];
      break;
    case 'MigrationStarted':
      summary.st = [p, at];
      break;
    case 'CutoverCompleted':
      summary.co = [p, at];
      break;
    case 'SourceDataPurged':
      summary.pu = [p, at];
      break;
    case 'MarketCompleted':
      summary.cp = [p, at];
      break;
  }
  const phase = PHASES[event.type];
  if (phase !== undefined) summary.ph = [p, phase];
  return summary;
}

/** Of two values set by events, the one set by the later event (by position). */
function later<T extends [number, ...unknown[]]>(a: T | undefined, b: T | undefined): T | undefined {
  return a === undefined ? b : b === undefined || a[0] >= b[0] ? a : b;
}

/**
 * Adds the summary of other events of the market to `into` (changed in place; `from` is not changed and
 * none of its parts is shared but the immutable tuples): a rebuild merges once or twice per event.
 */
export function mergeInto(into: MarketSummary, from: MarketSummary): MarketSummary {
  const n = into.n;
  for (let i = 0; i < 7; i++) n[i] += from.n[i];
  if (from.e !== undefined) into.e = later(into.e, from.e);
  if (from.s !== undefined) into.s = later(into.s, from.s);
  if (from.ph !== undefined) into.ph = later(into.ph, from.ph);
  if (from.st !== undefined) into.st = later(into.st, from.st);
  if (from.co !== undefined) into.co = later(into.co, from.co);
  if (from.pu !== undefined) into.pu = later(into.pu, from.pu);
  if (from.cp !== undefined) into.cp = later(into.cp, from.cp);
  if (from.pa !== undefined) into.pa = later(into.pa, from.pa);
  if (from.l !== undefined) into.l = later(into.l, from.l);
  // The projection compares occurredAt as SQLite compares text: the later text wins, then the later position.
  const [x, y] = [into.ls, from.ls];
  if (y !== undefined && (x === undefined || y[0] > x[0] || (y[0] === x[0] && y[2] > x[2]))) into.ls = y;
  return into;
}

/** The summary of the union of two disjoint sets of events of one market (neither argument is changed). */
export function mergeSummaries(a: MarketSummary, b: MarketSummary): MarketSummary {
  return mergeInto({ ...a, n: [...a.n] }, b);
}

/** The stored text of a summary: its keys in one order, however it was built (absent values left out). */
export function summaryText(s: MarketSummary): string {
  const { n, e, s: scope, ph, st, co, pu, cp, pa, ls, l } = s;
  return JSON.stringify({ n, e, s: scope, ph, st, co, pu, cp, pa, ls, l });
}

/** The market_progress row of the summarised events: undefined when its enrolment is not among them. */
export function marketRowOf(
  programId: string,
  market: string,
  s: MarketSummary,
): MarketProgressRow | undefined {
  const { e, ls, l } = s;
  if (e === undefined || ls === undefined || l === undefined) return undefined;
  return {
    program_id: programId,
    market,
    target_region: e[3],
    users_in_scope: s.s?.[1] ?? e[4],
    bytes_in_scope: e[5] as number | null,
    copied_users: s.n[0],
    copied_bytes: s.n[1],
    verified_users: s.n[2],
    batches_verified: s.n[3],
    failed_batches: s.n[4],
    failures: s.n[5],
    retries: s.n[6],
    phase: s.ph?.[1] ?? 'planned',
    planned_start: e[6] as string | null,
    enrolled_at: e[1],
    started_at: s.st?.[1] ?? null,
    paused_at: s.pa?.[1]?.[0] ?? null,
    pause_reason: s.pa?.[1]?.[1] ?? null,
    cutover_at: s.co?.[1] ?? null,
    purged_at: s.pu?.[1] ?? null,
    completed_at: s.cp?.[1] ?? null,
    last_step_type: ls[1],
    last_step_at: ls[0],
    last_recorded_at: l[1],
    last_position: l[0],
  };
}
