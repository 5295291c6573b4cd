import type { Projection } from '../projection';
import { eventsByType, streamCounter } from './test-projections';

/** A counter like stream_counter, marked trailing (Projection.trailing): see crashTestProjections. */
export const TRAILING_COUNTER = 'trailing_counter';

/**
 * The projections of the crash tests; `slow` spreads a run over ~0.5 s so that a kill lands mid-run;
 * `trailing` adds TRAILING_COUNTER, which catches up after the others.
 */
export function crashTestProjections({ slow = false, trailing = false } = {}): Projection[] {
  const spin = (event: { position: bigint }) => {
    if (!slow || event.position % 100n !== 0n) return;
    const until = Date.now() + 2;
    while (Date.now() < until); // stands for a costly apply
  };
  const counters = [streamCounter({ onApply: spin }), eventsByType()];
  if (trailing) counters.push(streamCounter({ name: TRAILING_COUNTER, trailing: true, onApply: spin }));
  return counters;
}
