import { computeEventHash, GENESIS_HASH, type HashableEvent } from './event-hash';

export type ChainBreak =
  | { kind: 'revision_gap'; streamId: string; revision: number; expectedRevision: number }
  | { kind: 'prev_hash_mismatch'; streamId: string; revision: number; expected: string; actual: unknown }
  | { kind: 'hash_mismatch'; streamId: string; revision: number; expected: string; actual: unknown };

export interface ChainReport {
  ok: boolean;
  events: number;
  head?: string;
  firstBreak?: ChainBreak;
}

/** Recomputes one stream's chain in revision order and reports the first place where it breaks. */
export function verifyStreamChain(events: readonly HashableEvent[]): ChainReport {
  let prevHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const revision = Number(event.revision);
    const streamId = event.streamId;
    if (revision !== index) {
      return {
        ok: false,
        events: index,
        firstBreak: { kind: 'revision_gap', streamId, revision, expectedRevision: index },
      };
    }
    if (event.metadata.prevHash !== prevHash) {
      const actual = event.metadata.prevHash;
      return {
        ok: false,
        events: index,
        firstBreak: { kind: 'prev_hash_mismatch', streamId, revision, expected: prevHash, actual },
      };
    }
    const hash = computeEventHash(event);
    if (event.metadata.hash !== hash) {
      const actual = event.metadata.hash;
      return {
        ok: false,
        events: index,
        firstBreak: { kind: 'hash_mismatch', streamId, revision, expected: hash, actual },
      };
    }
    prevHash = hash;
  }
  return { ok: true, events: events.length, head: prevHash };
}
