import type { Forecast, MarketStatus } from '@app/domain';

export interface ForecastView {
  p50: string | null;
  p85: string | null;
  p95: string | null;
  probabilityByDeadline: number;
  trials: number;
  seed: number;
  basis: 'monte_carlo' | 'completed' | 'no_history';
}

export interface MarketProgressView {
  programId: string;
  market: string;
  targetRegion: string;
  phase: string;
  status: MarketStatus;
  stale: boolean;
  reasons: readonly string[];
  usersInScope: number;
  bytesInScope: number | null;
  copiedUsers: number;
  verifiedUsers: number;
  remainingUsers: number;
  percentVerified: number;
  failedBatches: number;
  failures: number;
  retries: number;
  batchesVerified: number;
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
  /** Global position of the last event reflected here. */
  position: number;
  forecast?: ForecastView;
}

export interface ProgramProgressView {
  programId: string;
  name: string;
  sourceRegion: string;
  deadline: string;
  timeZone: string;
  dataCategories: string[];
  /** The instant the statuses were computed at. */
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
  /** The market most in need of attention, or null when none is behind. */
  riskiestMarket: { market: string; status: MarketStatus; reasons: readonly string[] } | null;
  markets: MarketProgressView[];
  position: number;
}

/** One step of a program's timeline (`GET /programs/:programId/timeline`). */
export interface TimelineStepView {
  position: number;
  market: string | null;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  data: Record<string, unknown>;
}

/** One program of the list (`GET /programs`): `markets` counts its enrolled markets. */
export interface ProgramSummaryView {
  programId: string;
  name: string;
  sourceRegion: string;
  deadline: string;
  timeZone: string;
  markets: number;
}

export type { Forecast };
