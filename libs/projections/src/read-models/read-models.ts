import type { Projection } from '../runner/projection';
import { asOfIndexProjection } from './as-of-index.projection';
import { marketDailyProjection } from './market-daily.projection';
import { marketProgressProjection } from './market-progress.projection';
import { programsProjection } from './programs.projection';
import { timelineProjection } from './timeline.projection';

/** Every read model of the tracker, in the order the runner applies them. */
export const readModelProjections: readonly Projection[] = [
  programsProjection,
  marketProgressProjection,
  marketDailyProjection,
  timelineProjection,
  asOfIndexProjection,
];
