/**
 * The shapes of the API answers the dashboard reads: the API's own OpenAPI schemas, through the client types
 * generated from its document (libs/api-client; type-only, nothing of libs/ reaches the bundle). A change of
 * the API the dashboard does not follow fails its type-check.
 */
import type { components } from '../../../../libs/api-client/src/schema';

type Schemas = components['schemas'];

export type MarketStatus = Schemas['MarketProgressResponse']['status'];
export type Forecast = Schemas['ForecastResponse'];
export type MarketProgress = Schemas['MarketProgressResponse'];
export type ProgramProgress = Schemas['ProgramProgressResponse'];
export type ProgramSummary = Schemas['ProgramSummaryResponse'];
export type TimelineStep = Schemas['TimelineStepResponse'];
export type SeriesDay = Schemas['SeriesDayResponse'];
export type MarketSeries = Schemas['MarketSeriesResponse'];

/** An SSE `progress` event: the program's progress plus the markets changed since the last one. */
export interface ProgressEvent extends ProgramProgress {
  changedMarkets: string[];
}
