/** The shapes of the API answers the dashboard reads (see README "Progress" and apps/api/src/read). */
export type MarketStatus =
  'not_started' | 'on_track' | 'at_risk' | 'off_track' | 'completed' | 'completed_late';

export interface ProgramSummary {
  programId: string;
  name: string;
  sourceRegion: string;
  deadline: string;
  timeZone: string;
  markets: unknown;
}

export interface Forecast {
  p50: string | null;
  p85: string | null;
  p95: string | null;
  probabilityByDeadline: number;
  basis: 'monte_carlo' | 'completed' | 'no_history';
}

export interface MarketProgress {
  programId: string;
  market: string;
  targetRegion: string;
  phase: string;
  status: MarketStatus;
  stale: boolean;
  reasons: string[];
  usersInScope: number;
  copiedUsers: number;
  verifiedUsers: number;
  remainingUsers: number;
  percentVerified: number;
  failedBatches: number;
  failures: number;
  retries: number;
  throughputPerDay: number;
  requiredRatePerDay: number | null;
  projectedFinish: string | null;
  daysLeft: number;
  lastStep: { type: string; occurredAt: string; recordedAt: string };
  milestones: {
    enrolledAt: string;
    plannedStart: string | null;
    startedAt: string | null;
    pausedAt: string | null;
    pauseReason: string | null;
    cutoverAt: string | null;
    purgedAt: string | null;
    completedAt: string | null;
  };
  position: number;
  forecast?: Forecast;
}

export interface ProgramProgress {
  programId: string;
  name: string;
  sourceRegion: string;
  deadline: string;
  timeZone: string;
  asOf: string;
  daysLeft: number;
  totals: {
    markets: number;
    usersInScope: number;
    copiedUsers: number;
    verifiedUsers: number;
    remainingUsers: number;
    percentVerified: number;
    byStatus: Record<MarketStatus, number>;
    staleMarkets: number;
  };
  riskiestMarket: { market: string; status: MarketStatus; reasons: string[] } | null;
  markets: MarketProgress[];
  position: number;
}

/** An SSE `progress` event: the program's progress plus the markets changed since the last one. */
export interface ProgressEvent extends ProgramProgress {
  changedMarkets: string[];
}

export interface SeriesDay {
  day: string;
  copiedUsers: number;
  verifiedUsers: number;
  cumulativeVerified: number;
}

export interface MarketSeries {
  market: string;
  timeZone: string;
  usersInScope: number;
  deadline: string;
  days: SeriesDay[];
}

export interface TimelineStep {
  position: number;
  market: string | null;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  data: Record<string, unknown>;
}
