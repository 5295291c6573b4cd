import type { AsOfBasis } from '@app/audit';

/**
 * `basis=` of the as-of routes (read/progress-as-of.dto.ts, as-of-diff). The read side's routes depend on the
 * audit side for their as-of views, never the other way round.
 */
export const AS_OF_BASES: readonly AsOfBasis[] = ['recorded', 'occurred'];
