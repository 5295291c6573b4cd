import type { Projection } from '../runner/projection';
import { asOfIndexProjection } from './as-of-index.projection';
import { marketDailyProjection } from './market-daily.projection';
import { marketProgressProjection } from './market-progress.projection';
import { programsProjection } from './programs.projection';
import { timelineProjection } from './timeline.projection';

/**
 * Every read model of the tracker, in the order the runner applies them. The as-of index trails (an accelerator:
 * as-of questions fall back to the replay while it is behind), so a new replica serves live progress without
 * waiting for it.
 */
export const readModelProjections: readonly Projection[] = [
  programsProjection,
  marketProgressProjection,
  marketDailyProjection,
  timelineProjection,
  asOfIndexProjection,
];
