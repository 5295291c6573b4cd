import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../runner/projection';
import { BATCH_STEPS, BatchStepTotals } from './batch-step-totals';
import { numberField, stepFacts, textField } from './event-fields';

export interface MarketProgressRow {
  program_id: string;
  market: string;
  target_region: string;
  users_in_scope: number;
  bytes_in_scope: number | null;
  copied_users: number;
  verified_users: number;
  copied_bytes: number;
  failed_batches: number;
  failures: number;
  retries: number;
  batches_verified: number;
  phase: string;
  planned_start: string | null;
  enrolled_at: string;
  started_at: string | null;
  paused_at: string | null;
  pause_reason: string | null;
  cutover_at: string | null;
  purged_at: string | null;
  completed_at: string | null;
  last_step_type: string;
  last_step_at: string;
  last_recorded_at: string;
  last_position: number;
}

/** What each market event changes in its row, besides the "last step" columns every event updates. */
const CHANGES: Record<
  string,
  { set: string; params: (event: RecordedEvent, occurredAt: string) => unknown[] }
> = {
  ScopeRevised: { set: 'users_in_scope = ?', params: (e) => [numberField(e, 'usersInScope')] },
  MigrationStarted: { set: "phase = 'migrating', started_at = ?", params: (_e, at) => [at] },
  BatchCopied: {
    // Copying a failed batch again is its retry: it is no longer counted as failed.
    set: `copied_users = copied_users + ?, copied_bytes = copied_bytes + ?,
          retries = retries + (? > 1), failed_batches = failed_batches - (? > 1)`,
    params: (e) => {
      const attempt = numberField(e, 'attempt');
      return [numberField(e, 'users'), (e.data as { bytes?: number }).bytes ?? 0, attempt, attempt];
    },
  },
  BatchVerified: {
    set: 'copied_users = copied_users - ?, verified_users = verified_users + ?, batches_verified = batches_verified + 1',
    params: (e) => [numberField(e, 'users'), numberField(e, 'users')],
  },
  BatchFailed: {
    set: 'copied_users = copied_users - ?, failed_batches = failed_batches + 1, failures = failures + 1',
    params: (e) => [numberField(e, 'users')],
  },
  MigrationPaused: {
    set: "phase = 'paused', paused_at = ?, pause_reason = ?",
    params: (e, at) => [at, textField(e, 'reason')],
  },
  MigrationResumed: { set: "phase = 'migrating', paused_at = NULL, pause_reason = NULL", params: () => [] },
  CutoverCompleted: { set: "phase = 'cut_over', cutover_at = ?", params: (_e, at) => [at] },
  SourceDataPurged: { set: "phase = 'source_purged', purged_at = ?", params: (_e, at) => [at] },
  MarketCompleted: { set: "phase = 'completed', completed_at = ?", params: (_e, at) => [at] },
};

// A late entry (occurredAt before the latest step) updates the counts but not "the last step".
const LAST_STEP = `last_step_type = CASE WHEN ? >= last_step_at THEN ? ELSE last_step_type END,
  last_step_at = max(last_step_at, ?), last_recorded_at = ?, last_position = ?`;

// One constant statement per event type, so that the runner's statement cache finds it without new strings.
const UPDATES: Record<string, string> = Object.fromEntries(
  Object.entries(CHANGES).map(([type, change]) => [
    type,
    `UPDATE {market_progress} SET ${change.set}, ${LAST_STEP} WHERE program_id = ? AND market = ?`,
  ]),
);

/** One row per market: counts, phase and the times of its milestones, by the time each step happened. */
export const marketProgressProjection: Projection = {
  name: 'market-progress',
  version: 1,
  tables: [
    {
      logical: 'market_progress',
      ddl: (t) => [
        `CREATE TABLE ${t} (program_id TEXT NOT NULL, market TEXT NOT NULL, target_region TEXT NOT NULL,
          users_in_scope INTEGER NOT NULL, bytes_in_scope INTEGER, copied_users INTEGER NOT NULL DEFAULT 0,
          verified_users INTEGER NOT NULL DEFAULT 0, copied_bytes INTEGER NOT NULL DEFAULT 0,
          failed_batches INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0, retries INTEGER NOT NULL DEFAULT 0,
          batches_verified INTEGER NOT NULL DEFAULT 0, phase TEXT NOT NULL, planned_start TEXT, enrolled_at TEXT NOT NULL,
          started_at TEXT, paused_at TEXT, pause_reason TEXT, cutover_at TEXT, purged_at TEXT, completed_at TEXT,
          last_step_type TEXT NOT NULL, last_step_at TEXT NOT NULL, last_recorded_at TEXT NOT NULL,
          last_position INTEGER NOT NULL, PRIMARY KEY (program_id, market))`,
      ],
    },
  ],
  apply(event: RecordedEvent, db: ProjectionContext): ChangeNotice[] | void {
    if (event.type !== 'MarketEnrolled' && !Object.hasOwn(CHANGES, event.type)) return;
    const { programId, market, occurredAt, recordedAt } = stepFacts(event);
    if (market === undefined) throw new Error(`${event.type} at ${event.position} has no market`);
    const position = Number(event.position);
    if (event.type === 'MarketEnrolled') {
      const data = event.data as { targetRegion: string; bytesInScope?: number; plannedStart?: string };
      db.run(
        `INSERT INTO {market_progress} (program_id, market, target_region, users_in_scope, bytes_in_scope, phase,
           planned_start, enrolled_at, last_step_type, last_step_at, last_recorded_at, last_position)
         VALUES (?, ?, ?, ?, ?, 'planned', ?, ?, ?, ?, ?, ?)`,
        programId,
        market,
        data.targetRegion,
        numberField(event, 'usersInScope'),
        data.bytesInScope ?? null,
        data.plannedStart ?? null,
        occurredAt,
        event.type,
        occurredAt,
        recordedAt,
        position,
      );
      return [{ programId, market }];
    }
    const change = CHANGES[event.type];
    db.run(
      UPDATES[event.type],
      ...change.params(event, occurredAt),
      occurredAt,
      event.type,
      occurredAt,
      recordedAt,
      position,
      programId,
      market,
    );
    return [{ programId, market }];
  },
  applyBatch(events: readonly RecordedEvent[], db: ProjectionContext): ChangeNotice[] {
    const totals = new BatchStepTotals();
    const notices: ChangeNotice[] = [];
    for (const event of events) {
      if (BATCH_STEPS.has(event.type)) {
        totals.add(event);
        continue;
      }
      if (event.type !== 'MarketEnrolled' && !Object.hasOwn(CHANGES, event.type)) continue;
      const { programId, market } = stepFacts(event);
      // Another kind of step of this market: its batch totals so far go first, to keep the order of effects.
      if (market !== undefined) totals.flush(db, notices, { programId, market });
      const changed = marketProgressProjection.apply(event, db);
      if (changed) notices.push(...changed);
    }
    totals.flush(db, notices);
    return notices;
  },
};
