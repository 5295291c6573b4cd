import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice, ProjectionContext } from '../runner/projection';
import { numberField, stepFacts } from './event-fields';

/** The batch steps of one market within a run of events, summed; and its latest step by when it happened. */
interface Totals {
  programId: string;
  market: string;
  copiedUsers: number;
  copiedBytes: number;
  verifiedUsers: number;
  batchesVerified: number;
  failures: number;
  retries: number;
  latestAt: string;
  latestType: string;
  lastRecordedAt: string;
  lastPosition: number;
}

export const BATCH_STEPS = new Set(['BatchCopied', 'BatchVerified', 'BatchFailed']);

// The same effect as the per-event updates of market-progress, added up: see its CHANGES and LAST_STEP.
const FLUSH = `UPDATE {market_progress} SET copied_users = copied_users + ?, copied_bytes = copied_bytes + ?,
  verified_users = verified_users + ?, batches_verified = batches_verified + ?, failures = failures + ?,
  retries = retries + ?, failed_batches = failed_batches + ? - ?,
  last_step_type = CASE WHEN ? >= last_step_at THEN ? ELSE last_step_type END,
  last_step_at = max(last_step_at, ?), last_recorded_at = ?, last_position = ?
  WHERE program_id = ? AND market = ?`;

/**
 * Sums batch steps per market over a run of events so that a rebuild writes a market's row once per batch of
 * the log instead of once per step. Of several steps, the latest by occurredAt (the last of equals) is the
 * one the per-event CASE would have kept.
 */
export class BatchStepTotals {
  private readonly totals = new Map<string, Totals>();
  /** The totals of the last step's market: steps come in runs of one market (one append per stream and week). */
  private last: Totals | undefined;

  add(event: RecordedEvent): void {
    const { programId, market, occurredAt, recordedAt } = stepFacts(event);
    if (market === undefined) throw new Error(`${event.type} at ${event.position} has no market`);
    let totals =
      this.last?.market === market && this.last.programId === programId
        ? this.last
        : this.totals.get(`${programId}\u0000${market}`);
    if (!totals) {
      totals = {
        programId,
        market,
        copiedUsers: 0,
        copiedBytes: 0,
        verifiedUsers: 0,
        batchesVerified: 0,
        failures: 0,
        retries: 0,
        latestAt: occurredAt,
        latestType: event.type,
        lastRecordedAt: recordedAt,
        lastPosition: 0,
      };
      this.totals.set(`${programId}\u0000${market}`, totals);
    }
    this.last = totals;
    const users = numberField(event, 'users');
    if (event.type === 'BatchCopied') {
      totals.copiedUsers += users;
      totals.copiedBytes += (event.data as { bytes?: number }).bytes ?? 0;
      if (numberField(event, 'attempt') > 1) totals.retries += 1;
    } else if (event.type === 'BatchVerified') {
      totals.copiedUsers -= users;
      totals.verifiedUsers += users;
      totals.batchesVerified += 1;
    } else {
      totals.copiedUsers -= users;
      totals.failures += 1;
    }
    if (occurredAt >= totals.latestAt) {
      totals.latestAt = occurredAt;
      totals.latestType = event.type;
    }
    totals.lastRecordedAt = recordedAt;
    totals.lastPosition = Number(event.position);
  }

  /** Writes the totals of one market (before another kind of step of it is applied), or of all. */
  flush(db: ProjectionContext, notices: ChangeNotice[], only?: { programId: string; market: string }): void {
    const keys = only ? [`${only.programId}\u0000${only.market}`] : [...this.totals.keys()];
    for (const key of keys) {
      const t = this.totals.get(key);
      if (!t) continue;
      this.totals.delete(key);
      if (this.last === t) this.last = undefined;
      db.run(
        FLUSH,
        t.copiedUsers,
        t.copiedBytes,
        t.verifiedUsers,
        t.batchesVerified,
        t.failures,
        t.retries,
        t.failures,
        t.retries,
        t.latestAt,
        t.latestType,
        t.latestAt,
        t.lastRecordedAt,
        t.lastPosition,
        t.programId,
        t.market,
      );
      notices.push({ programId: t.programId, market: t.market });
    }
  }
}
