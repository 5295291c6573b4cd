/**
 * Leaf i of the transparency log is the i-th tracker event of the global log (see isTrackerStream: other
 * applications' streams and unreadable rows are no leaves); its data is the 32 bytes of the event's
 * stored `hash` (which covers the event, its envelope and its stream's previous hash). An event without a
 * well-formed hash (64 hex digits) gets 32 zero bytes: verification reports it anyway.
 *
 * Self-contained (no outer names): the tree writer's thread runs it from its source text.
 */
export function leafDataOf(hash: unknown): Buffer {
  const data = Buffer.alloc(32);
  // Buffer#write stops at the first pair that is not hex: 32 bytes written from 64 characters is well-formed.
  if (typeof hash === 'string' && hash.length === 64 && data.write(hash, 'hex') !== 32) data.fill(0);
  return data;
}
