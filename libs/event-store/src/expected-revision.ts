import type { ExpectedRevision } from './event-store.port';

/** Whether a stream whose head is `actual` (undefined: no events) meets an append's expectation. */
export function satisfiesExpectedRevision(expected: ExpectedRevision, actual: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === undefined;
  if (expected === 'stream_exists') return actual !== undefined;
  return actual === expected;
}
