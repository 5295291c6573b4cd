import type { ChangeNotice, ProjectionContext } from '../runner/projection';
import { marketFacts, numberField, type TrackerEvent, type TrackerMarketEvent } from './event-fields';

export type BatchStep = Extract<
  TrackerMarketEvent,
  { type: 'BatchCopied' | 'BatchVerified' | 'BatchFailed' }
>;

export const isBatchStep = (event: TrackerEvent): event is BatchStep =>
  event.type === 'BatchCopied' || event.type === 'BatchVerified' || event.type === 'BatchFailed';

/** What batch steps add to their market's counts: of one step, or of several summed. */
export interface StepDelta {
  /** Users copied and not verified or failed since: a copy adds them, its verification or failure takes them out. */
  copiedUsers: number;
  copiedBytes: number;
  verifiedUsers: number;
  batchesVerified: number;
  /** Batches whose last attempt failed: a failure adds one, copying the batch again takes it out. */
  failedBatches: number;
  failures: number;
  /** Copies of a batch that had failed (attempt > 1). */
  retries: number;
}

/** The one place where a batch step's effect on the counts is written: both apply paths add these. */
export function stepDelta(event: BatchStep): StepDelta {
  const users = numberField(event, 'users');
  switch (event.type) {
    case 'BatchCopied': {
      const retry = numberField(event, 'attempt') > 1 ? 1 : 0;
      return {
        copiedUsers: users,
        copiedBytes: event.data.bytes ?? 0,
        verifiedUsers: 0,
        batchesVerified: 0,
        failedBatches: -retry,
        failures: 0,
        retries: retry,
      };
    }
    case 'BatchVerified':
      return { ...NO_STEPS, copiedUsers: -users, verifiedUsers: users, batchesVerified: 1 };
    case 'BatchFailed':
      return { ...NO_STEPS, copiedUsers: -users, failedBatches: 1, failures: 1 };
  }
}

const NO_STEPS: StepDelta = {
  copiedUsers: 0,
  copiedBytes: 0,
  verifiedUsers: 0,
  batchesVerified: 0,
  failedBatches: 0,
  failures: 0,
  retries: 0,
};

/** The "last step" of a market row after some steps: the latest by when it happened, the last by position. */
export interface LastStep {
  programId: string;
  market: string;
  /** occurredAt of the latest step (the last of equals) and its type. */
  latestAt: string;
  latestType: string;
  lastRecordedAt: string;
  lastPosition: number;
}

export function lastStepOf(event: TrackerMarketEvent): LastStep {
  const { programId, market, occurredAt, recordedAt } = marketFacts(event);
  return {
    programId,
    market,
    latestAt: occurredAt,
    latestType: event.type,
    lastRecordedAt: recordedAt,
    lastPosition: Number(event.position),
  };
}

// A late entry (occurredAt before the latest step) updates the counts and the position, not the last step.
export const LAST_STEP = `last_step_type = CASE WHEN @latestAt >= last_step_at THEN @latestType ELSE last_step_type END,
  last_step_at = max(last_step_at, @latestAt), last_recorded_at = @lastRecordedAt, last_position = @lastPosition`;

/** A market row's UPDATE of `set`, with the "last step" columns every market event updates. */
export const updateMarket = (set: string): string =>
  `UPDATE {market_progress} SET ${set}, ${LAST_STEP} WHERE program_id = @programId AND market = @market`;

/** Adds a StepDelta (named parameters: a missing one fails instead of shifting the others). */
const ADD_STEPS = updateMarket(`copied_users = copied_users + @copiedUsers,
  copied_bytes = copied_bytes + @copiedBytes, verified_users = verified_users + @verifiedUsers,
  batches_verified = batches_verified + @batchesVerified, failed_batches = failed_batches + @failedBatches,
  failures = failures + @failures, retries = retries + @retries`);

/** Applies one batch step to its market's row. */
export function applyStep(event: BatchStep, db: ProjectionContext): ChangeNotice {
  const row: StepDelta & LastStep = { ...lastStepOf(event), ...stepDelta(event) };
  db.run(ADD_STEPS, row);
  return { programId: row.programId, market: row.market };
}

type Totals = StepDelta & LastStep;

/**
 * Sums batch steps per market over a run of events so that a rebuild writes a market's row once per batch of
 * the log instead of once per step, with the statement `applyStep` uses. Of several steps, the latest by
 * occurredAt (the last of equals) is the one the statement's CASE keeps when they are applied one by one.
 */
export class BatchStepTotals {
  private readonly totals = new Map<string, Totals>();
  /** The totals of the last step's market: steps come in runs of one market (one append per stream and week). */
  private last: Totals | undefined;

  add(event: BatchStep): void {
    const step = lastStepOf(event);
    const delta = stepDelta(event);
    const { programId, market } = step;
    let totals =
      this.last?.market === market && this.last.programId === programId
        ? this.last
        : this.totals.get(`${programId}\u0000${market}`);
    if (!totals) {
      totals = { ...step, ...NO_STEPS };
      this.totals.set(`${programId}\u0000${market}`, totals);
    }
    this.last = totals;
    totals.copiedUsers += delta.copiedUsers;
    totals.copiedBytes += delta.copiedBytes;
    totals.verifiedUsers += delta.verifiedUsers;
    totals.batchesVerified += delta.batchesVerified;
    totals.failedBatches += delta.failedBatches;
    totals.failures += delta.failures;
    totals.retries += delta.retries;
    if (step.latestAt >= totals.latestAt) {
      totals.latestAt = step.latestAt;
      totals.latestType = step.latestType;
    }
    totals.lastRecordedAt = step.lastRecordedAt;
    totals.lastPosition = step.lastPosition;
  }

  /** Writes the totals of one market (before another kind of step of it is applied), or of all. */
  flush(db: ProjectionContext, notices: ChangeNotice[], only?: { programId: string; market: string }): void {
    const keys = only ? [`${only.programId}\u0000${only.market}`] : [...this.totals.keys()];
    for (const key of keys) {
      const totals = this.totals.get(key);
      if (!totals) continue;
      this.totals.delete(key);
      if (this.last === totals) this.last = undefined;
      db.run(ADD_STEPS, totals);
      notices.push({ programId: totals.programId, market: totals.market });
    }
  }
}
