import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../runner/projection';
import {
  applyStep,
  BatchStepTotals,
  isBatchStep,
  lastStepOf,
  updateMarket,
  type BatchStep,
} from './batch-step-totals';
import {
  numberField,
  stepFacts,
  textField,
  trackerMarketEvent,
  type TrackerMarketEvent,
} from './event-fields';

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

type MarketEnrolledEvent = Extract<TrackerMarketEvent, { type: 'MarketEnrolled' }>;
/** Market events other than the enrolment and batch steps: each sets columns of the row. */
type MilestoneEvent = Exclude<TrackerMarketEvent, BatchStep | MarketEnrolledEvent>;

// One constant statement per event type, so that the runner's statement cache finds it without new strings.
const UPDATES: { readonly [Type in MilestoneEvent['type']]: string } = {
  ScopeRevised: updateMarket('users_in_scope = @usersInScope'),
  MigrationStarted: updateMarket("phase = 'migrating', started_at = @at"),
  MigrationPaused: updateMarket("phase = 'paused', paused_at = @at, pause_reason = @reason"),
  MigrationResumed: updateMarket("phase = 'migrating', paused_at = NULL, pause_reason = NULL"),
  CutoverCompleted: updateMarket("phase = 'cut_over', cutover_at = @at"),
  SourceDataPurged: updateMarket("phase = 'source_purged', purged_at = @at"),
  MarketCompleted: updateMarket("phase = 'completed', completed_at = @at"),
};

/** The values of its UPDATE that a milestone takes from its data (times are its occurredAt, `@at`). */
function milestoneValues(event: MilestoneEvent): { usersInScope?: number; reason?: string | null } {
  switch (event.type) {
    case 'ScopeRevised':
      return { usersInScope: numberField(event, 'usersInScope') };
    case 'MigrationPaused':
      return { reason: textField(event, 'reason') };
    default:
      return {};
  }
}

const ENROL = `INSERT INTO {market_progress} (program_id, market, target_region, users_in_scope, bytes_in_scope, phase,
    planned_start, enrolled_at, last_step_type, last_step_at, last_recorded_at, last_position)
  VALUES (@programId, @market, @targetRegion, @usersInScope, @bytesInScope, 'planned', @plannedStart, @latestAt,
    @latestType, @latestAt, @lastRecordedAt, @lastPosition)`;

/** Applies one market event to its row: the enrolment creates it, every other event updates it. */
function applyMarketEvent(event: TrackerMarketEvent, db: ProjectionContext): ChangeNotice {
  if (isBatchStep(event)) return applyStep(event, db);
  const last = lastStepOf(event);
  if (event.type === 'MarketEnrolled') {
    db.run(ENROL, {
      ...last,
      targetRegion: event.data.targetRegion,
      usersInScope: numberField(event, 'usersInScope'),
      bytesInScope: event.data.bytesInScope ?? null,
      plannedStart: event.data.plannedStart ?? null,
    });
  } else {
    db.run(UPDATES[event.type], { ...last, at: last.latestAt, ...milestoneValues(event) });
  }
  return { programId: last.programId, market: last.market };
}

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
    const marketEvent = trackerMarketEvent(event);
    if (marketEvent === undefined) return;
    return [applyMarketEvent(marketEvent, db)];
  },
  /** The same effects, with each market's batch steps summed in memory and written once per batch. */
  applyBatch(events: readonly RecordedEvent[], db: ProjectionContext): ChangeNotice[] {
    const totals = new BatchStepTotals();
    const notices: ChangeNotice[] = [];
    for (const event of events) {
      const marketEvent = trackerMarketEvent(event);
      if (marketEvent === undefined) continue;
      if (isBatchStep(marketEvent)) {
        totals.add(marketEvent);
        continue;
      }
      const { programId, market } = stepFacts(marketEvent);
      // Another kind of step of this market: its batch totals so far go first, to keep the order of effects.
      if (market !== undefined) totals.flush(db, notices, { programId, market });
      notices.push(applyMarketEvent(marketEvent, db));
    }
    totals.flush(db, notices);
    return notices;
  },
};
