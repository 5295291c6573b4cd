/** The shapes of the API answers the dashboard reads (see README "Progress" and apps/api/src/read). */
// Progress, the programs list and the timeline are the API's own view types (type-only: nothing of libs/
// reaches the bundle).
import type {
  ForecastView,
  MarketProgressView,
  ProgramProgressView,
  ProgramSummaryView,
  TimelineStepView,
} from '../../../../libs/projections/src/progress/progress.views';

export type { MarketStatus } from '../../../../libs/domain/src/progress/market-status';
export type Forecast = ForecastView;
export type MarketProgress = MarketProgressView;
export type ProgramProgress = ProgramProgressView;
export type ProgramSummary = ProgramSummaryView;
export type TimelineStep = TimelineStepView;

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
