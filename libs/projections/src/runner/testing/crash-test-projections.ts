import type { Projection } from '../projection';
import { eventsByType, streamCounter } from './test-projections';

/** The projections of the crash tests; `slow` spreads a run over ~0.5 s so that a kill lands mid-run. */
export function crashTestProjections({ slow = false } = {}): Projection[] {
  const spin = (event: { position: bigint }) => {
    if (!slow || event.position % 100n !== 0n) return;
    const until = Date.now() + 2;
    while (Date.now() < until); // stands for a costly apply
  };
  return [streamCounter({ onApply: spin }), eventsByType()];
}
