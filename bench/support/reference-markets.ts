/**
 * The seven markets of the 2014 reference program (test/support/reference-scenario.ts) as the generator
 * plays them: scopes and regions of the reference, start and end of the batches, and how each ends by the
 * benchmarks' "now" (AS_OF): IN completed, SG cut over, MY paused for three weeks, the others migrating.
 */

export interface MarketProfile {
  market: string;
  targetRegion: string;
  usersInScope: number;
  plannedStart?: string;
  start: string;
  end: string;
  /** Share of the program's batch events. */
  share: number;
  /** Share of the scope verified by `end` (1 for markets that cut over). */
  coverage: number;
  closing: 'complete' | 'cutover' | 'open';
  pause?: { from: string; to: string; reason: string };
}

export const MARKET_PROFILES: readonly MarketProfile[] = [
  {
    market: 'IN',
    targetRegion: 'us-east',
    usersInScope: 620_000,
    start: '2014-03-03',
    end: '2014-05-15',
    share: 0.1,
    coverage: 1,
    closing: 'complete',
  },
  {
    market: 'HK',
    targetRegion: 'singapore',
    usersInScope: 410_000,
    start: '2014-05-01',
    end: '2014-10-10',
    share: 0.13,
    coverage: 0.9,
    closing: 'open',
  },
  {
    market: 'ID',
    targetRegion: 'singapore',
    usersInScope: 1_150_000,
    start: '2014-04-01',
    end: '2014-10-10',
    share: 0.2,
    coverage: 0.7,
    closing: 'open',
  },
  {
    market: 'MY',
    targetRegion: 'singapore',
    usersInScope: 380_000,
    start: '2014-05-15',
    end: '2014-10-10',
    share: 0.1,
    coverage: 0.6,
    closing: 'open',
    pause: { from: '2014-06-14', to: '2014-07-07', reason: 'Contacts store checksum mismatches' },
  },
  {
    market: 'PH',
    targetRegion: 'us-east',
    usersInScope: 290_000,
    plannedStart: '2014-08-01T00:00:00+08:00',
    start: '2014-08-01',
    end: '2014-10-10',
    share: 0.12,
    coverage: 0.8,
    closing: 'open',
  },
  {
    market: 'SG',
    targetRegion: 'singapore',
    usersInScope: 240_000,
    start: '2014-05-01',
    end: '2014-06-28',
    share: 0.12,
    coverage: 1,
    closing: 'cutover',
  },
  {
    market: 'TW',
    targetRegion: 'us-east',
    usersInScope: 870_000,
    start: '2014-05-01',
    end: '2014-10-10',
    share: 0.23,
    coverage: 0.5,
    closing: 'open',
  },
];
