import { createZonedDayLookup } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../runner/projection';
import { isBatchStep, type BatchStep } from './batch-step-totals';
import { numberField, stepFacts, trackerEvent } from './event-fields';
import { multiRowInsert, RowBatch } from './row-batch';

export interface MarketDailyRow {
  program_id: string;
  market: string;
  day: string;
  copied_users: number;
  verified_users: number;
  failed_batches: number;
  steps: number;
}

/** What one batch step adds to its market's day: users copied, users verified, batches failed. */
function dayCounts(event: BatchStep): [copied: number, verified: number, failed: number] {
  switch (event.type) {
    case 'BatchCopied':
      return [numberField(event, 'users'), 0, 0];
    case 'BatchVerified':
      return [0, numberField(event, 'users'), 0];
    case 'BatchFailed':
      return [0, 0, 1];
  }
}

const dayInZone = createZonedDayLookup();

/** One row's increments within a batch: program, market, day, copied, verified, failed, steps. */
type DaySum = [string, string, string, number, number, number, number];

// The increments of a step, or of a batch's steps of one market and day; fifty rows per statement in a batch.
const UPSERT = multiRowInsert(
  'INSERT INTO {market_daily} (program_id, market, day, copied_users, verified_users, failed_batches, steps)',
  7,
  50,
  `ON CONFLICT (program_id, market, day) DO UPDATE SET copied_users = copied_users + excluded.copied_users,
    verified_users = verified_users + excluded.verified_users, failed_batches = failed_batches + excluded.failed_batches,
    steps = steps + excluded.steps`,
);

/**
 * Time zones of programs, filled when ProgramCreated is applied and on a miss from the table (a restarted
 * runner): a zone never changes, and reading it once per step showed in rebuild profiles.
 */
const zones = new Map<string, string>();

function zoneOf(programId: string, db: ProjectionContext): string {
  let zone = zones.get(programId);
  if (zone === undefined) {
    zone =
      db.get<{ time_zone: string }>('SELECT time_zone FROM {program_zones} WHERE program_id = ?', programId)
        ?.time_zone ?? 'UTC';
    zones.set(programId, zone);
  }
  return zone;
}

/**
 * Users copied and verified per market and local day (in the program's time zone), by when each step
 * happened: a step logged late lands on the day it occurred. Feeds throughput and forecasts.
 */
export const marketDailyProjection: Projection = {
  name: 'market-daily',
  version: 1,
  tables: [
    {
      logical: 'market_daily',
      ddl: (t) => [
        `CREATE TABLE ${t} (program_id TEXT NOT NULL, market TEXT NOT NULL, day TEXT NOT NULL,
          copied_users INTEGER NOT NULL DEFAULT 0, verified_users INTEGER NOT NULL DEFAULT 0,
          failed_batches INTEGER NOT NULL DEFAULT 0, steps INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (program_id, market, day)) WITHOUT ROWID`,
      ],
    },
    {
      logical: 'program_zones',
      ddl: (t) => [`CREATE TABLE ${t} (program_id TEXT PRIMARY KEY, time_zone TEXT NOT NULL)`],
    },
  ],
  apply(event: RecordedEvent, db: ProjectionContext): ChangeNotice[] | void {
    const tracked = trackerEvent(event);
    if (tracked?.type === 'ProgramCreated') {
      const { programId } = stepFacts(tracked);
      const zone = tracked.data.timeZone;
      db.run('INSERT OR REPLACE INTO {program_zones} (program_id, time_zone) VALUES (?, ?)', programId, zone);
      zones.set(programId, zone);
      return;
    }
    if (tracked === undefined || !isBatchStep(tracked)) return;
    const { programId, market, occurredAt } = stepFacts(tracked);
    if (market === undefined) return;
    const day = dayInZone(occurredAt, zoneOf(programId, db));
    const [copied, verified, failed] = dayCounts(tracked);
    db.run(UPSERT.one, programId, market, day, copied, verified, failed, 1);
    return [{ programId, market }];
  },
  /** The same sums, added up per market and day in memory first: one write per key and batch. */
  applyBatch(events: readonly RecordedEvent[], db: ProjectionContext): ChangeNotice[] {
    const sums = new Map<string, DaySum>();
    // Steps come in runs of one market and day (one append per stream and week): most find the last sum.
    let last: DaySum | undefined;
    for (const event of events) {
      const tracked = trackerEvent(event);
      if (tracked?.type === 'ProgramCreated') {
        marketDailyProjection.apply(event, db);
        continue;
      }
      if (tracked === undefined || !isBatchStep(tracked)) continue;
      const { programId, market, occurredAt } = stepFacts(tracked);
      if (market === undefined) continue;
      const day = dayInZone(occurredAt, zoneOf(programId, db));
      const [copied, verified, failed] = dayCounts(tracked);
      let sum = last;
      if (sum === undefined || sum[2] !== day || sum[1] !== market || sum[0] !== programId) {
        const key = `${programId}\u0000${market}\u0000${day}`;
        sum = sums.get(key);
        if (sum === undefined) {
          sum = [programId, market, day, 0, 0, 0, 0];
          sums.set(key, sum);
        }
        last = sum;
      }
      sum[3] += copied;
      sum[4] += verified;
      sum[5] += failed;
      sum[6] += 1;
    }
    const notices = new Map<string, ChangeNotice>();
    const rows = new RowBatch(UPSERT);
    for (const sum of sums.values()) {
      rows.add(db, sum);
      notices.set(`${sum[0]}\u0000${sum[1]}`, { programId: sum[0], market: sum[1] });
    }
    rows.flush(db);
    return [...notices.values()];
  },
};
