import { createZonedDayLookup } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { ChangeNotice, Projection, ProjectionContext } from '../runner/projection';
import { numberField, stepFacts } from './event-fields';

export interface MarketDailyRow {
  program_id: string;
  market: string;
  day: string;
  copied_users: number;
  verified_users: number;
  failed_batches: number;
  steps: number;
}

const COUNTS: Record<string, (event: RecordedEvent) => [copied: number, verified: number, failed: number]> = {
  BatchCopied: (e) => [numberField(e, 'users'), 0, 0],
  BatchVerified: (e) => [0, numberField(e, 'users'), 0],
  BatchFailed: () => [0, 0, 1],
};

const dayInZone = createZonedDayLookup();
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
    if (event.type === 'ProgramCreated') {
      const { programId } = stepFacts(event);
      const zone = (event.data as { timeZone: string }).timeZone;
      db.run('INSERT OR REPLACE INTO {program_zones} (program_id, time_zone) VALUES (?, ?)', programId, zone);
      zones.set(programId, zone);
      return;
    }
    if (!Object.hasOwn(COUNTS, event.type)) return;
    const counts = COUNTS[event.type];
    const { programId, market, occurredAt } = stepFacts(event);
    if (market === undefined) return;
    const day = dayInZone(occurredAt, zoneOf(programId, db));
    const [copied, verified, failed] = counts(event);
    db.run(
      `INSERT INTO {market_daily} (program_id, market, day, copied_users, verified_users, failed_batches, steps)
       VALUES (?, ?, ?, ?, ?, ?, 1)
       ON CONFLICT (program_id, market, day) DO UPDATE SET copied_users = copied_users + excluded.copied_users,
         verified_users = verified_users + excluded.verified_users, failed_batches = failed_batches + excluded.failed_batches,
         steps = steps + 1`,
      programId,
      market,
      day,
      copied,
      verified,
      failed,
    );
    return [{ programId, market }];
  },
};
