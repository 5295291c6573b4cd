import { AUDIT_STREAM } from '../checkpoint/checkpoint';
import { computeEventHash, eventHashMatches, GENESIS_HASH } from '../hash-chain/event-hash';
import type { AuditEvent, AuditEventSource } from './audit-event';
import { verifyCheckpointChain, type ConsistencyProofs, type VerifiedCheckpoint } from './checkpoint-chain';

type HeadsCheckpoint = Extract<VerifiedCheckpoint, { schema: 1 }>;
type TreeCheckpoint = Extract<VerifiedCheckpoint, { schema: 2 }>;
import { LeafHasher } from './leaf-hasher';
import type { AuditBreak, VerificationReport } from './verification-report';

export interface VerifyLogOptions {
  /** The audit stream's events in revision order (read first: checkpoints say what the log must hold). */
  auditStream: AuditEventSource;
  /** The whole log in position order, streamed: memory stays one head per stream. */
  log: AuditEventSource;
  /** keyId -> PEM of the keys the auditor trusts (rotations signed by them add their successors). */
  trustedKeys: ReadonlyMap<string, string>;
  /** A checkpoint the auditor kept earlier: the log must still hold it (catches a dropped tail). */
  anchor?: { revision: number; hash: string };
  /** Stop collecting after this many breaks (default 20). */
  maxBreaks?: number;
  /** Consistency proofs between successive signed tree heads (a bundle carries them). */
  proofs?: ConsistencyProofs;
  /**
   * Told where the verification is: at each phase's start, every PROGRESS_EVERY events, and at the end of the
   * log. Only reports: the verdict never depends on it.
   */
  onProgress?: (progress: VerifyProgress) => void;
}

/** Events between two progress reports (a report costs a call; the caller decides how often to pass it on). */
export const PROGRESS_EVERY = 4096;

/**
 * checkpoints: reading the audit stream (the signed checkpoints); events: the log, `events` read so far;
 * roots: the signed roots against the recomputed tree, once the whole log was read.
 */
export interface VerifyProgress {
  phase: 'checkpoints' | 'events' | 'roots';
  events: number;
  /**
   * Events the latest signed tree head covers (null: no tree head). The log usually holds one more, that
   * checkpoint's own event: `events` may pass it by a few.
   */
  total: number | null;
}

interface Head {
  revision: number;
  /** The stored hash of the head event (what a checkpoint signed). */
  hash: string;
  position: number;
}

/**
 * Verifies a log: every stream's hash chain, contiguous revisions, increasing positions, and at each signed
 * checkpoint's position the heads of all streams against what it signed. Breaks are located by stream,
 * revision and position; after one, the chain resynchronises on the stored event so later breaks show too.
 */
export async function verifyLog(options: VerifyLogOptions): Promise<VerificationReport> {
  const maxBreaks = options.maxBreaks ?? 20;
  const onProgress = options.onProgress ?? (() => undefined);
  onProgress({ phase: 'checkpoints', events: 0, total: null });
  const auditEvents: AuditEvent[] = [];
  for await (const event of options.auditStream) auditEvents.push(event);
  const chain = verifyCheckpointChain(auditEvents, options.trustedKeys, options.proofs);
  const boundaries = chain.valid
    .filter((c): c is HeadsCheckpoint => c.schema === 1)
    .sort((a, b) => a.data.globalPosition - b.data.globalPosition);
  let nextBoundary = 0;
  const trees = chain.valid
    .filter((c): c is TreeCheckpoint => c.schema === 2)
    .sort((a, b) => a.data.treeSize - b.data.treeSize);
  // What the signatures cover: the first `coveredLeaves` leaves (tree heads) and, for logs signed before
  // tree heads, every event up to `coveredPosition`. Past both, only the checkpoints themselves may follow.
  const coveredLeaves = trees.at(-1)?.data.treeSize ?? 0;
  const coveredPosition = boundaries.at(-1)?.data.globalPosition ?? -1;
  let uncovered: { event: AuditEvent; count: number } | undefined;
  // Each break with where it shows in log order: a head that a checkpoint contradicts shows at that
  // checkpoint's position, whatever the position of the (older) event the log holds instead.
  const breaks: { item: AuditBreak; at: number }[] = chain.breaks.map((item) => ({
    item,
    at: item.position ?? Infinity,
  }));
  const heads = new Map<string, Head>();
  let lastPosition = -1;
  let events = 0;
  const report = (item: AuditBreak, at = item.position ?? Infinity) => breaks.push({ item, at });

  const hashMismatch = (event: AuditEvent, storedHash: string) =>
    report({
      kind: 'hash_mismatch',
      stream: event.streamId,
      revision: Number(event.revision),
      position: Number(event.position),
      expected: computeEventHash(event),
      actual: storedHash,
      message: `${event.streamId} revision ${event.revision} differs from what was hashed`,
    });
  const hasher = new LeafHasher(trees.map((checkpoint) => checkpoint.data.treeSize));
  /** Position of the event that brought the tree to each signed size: where a root mismatch shows. */
  const treeSizes = new Set(trees.map((checkpoint) => checkpoint.data.treeSize));
  const reachedAt = new Map<number, number>();

  const checkBoundary = (checkpoint: HeadsCheckpoint) => {
    const signed = checkpoint.data.heads;
    let listed = 0;
    for (const [stream, head] of Object.entries(signed)) {
      const actual = heads.get(stream);
      if (actual) listed += 1;
      if (actual?.revision === head.revision && actual.hash === head.hash) continue;
      report(
        {
          kind: 'checkpoint_head_mismatch',
          stream,
          revision: head.revision,
          position: actual?.position ?? null,
          expected: head,
          actual: actual ? { revision: actual.revision, hash: actual.hash } : null,
          message: `checkpoint ${checkpoint.data.sequence} signed ${stream} at revision ${head.revision}; the log holds ${actual ? `revision ${actual.revision}` : 'no such stream'} at position ${checkpoint.data.globalPosition}`,
        },
        checkpoint.data.globalPosition,
      );
    }
    const streamsInLog = heads.size - (heads.has(AUDIT_STREAM) ? 1 : 0);
    if (streamsInLog === listed) return;
    for (const [stream, actual] of heads) {
      if (stream === AUDIT_STREAM || Object.hasOwn(signed, stream)) continue;
      report(
        {
          kind: 'checkpoint_stream_unlisted',
          stream,
          revision: 0,
          position: actual.position,
          expected: null,
          actual: { revision: actual.revision, hash: actual.hash },
          message: `stream ${stream} is in the log before position ${checkpoint.data.globalPosition} but not in checkpoint ${checkpoint.data.sequence}`,
        },
        checkpoint.data.globalPosition,
      );
    }
  };
  const passBoundaries = (upTo: number) => {
    while (nextBoundary < boundaries.length && boundaries[nextBoundary].data.globalPosition < upTo) {
      checkBoundary(boundaries[nextBoundary++]);
    }
  };

  let complete = true;
  const total = coveredLeaves > 0 ? coveredLeaves : null;
  onProgress({ phase: 'events', events: 0, total });
  for await (const event of options.log) {
    if (breaks.length >= maxBreaks) {
      complete = false;
      break;
    }
    // The hashing thread behind: wait for it rather than queue leaves for it without bound.
    if (hasher.backlogged) await hasher.drain();
    events += 1;
    if (events % PROGRESS_EVERY === 0) onProgress({ phase: 'events', events, total });
    const position = Number(event.position);
    const revision = Number(event.revision);
    const stream = event.streamId;
    passBoundaries(position);
    if (position <= lastPosition) {
      report({
        kind: 'position_not_increasing',
        stream,
        revision,
        position,
        expected: `> ${lastPosition}`,
        actual: position,
        message: `position ${position} follows ${lastPosition}`,
      });
    }
    lastPosition = Math.max(lastPosition, position);
    if (event.unreadable !== undefined) {
      // No leaf, as in the tree (see leafDataOf): later roots still match the signed ones, so the verdict
      // names this event rather than every checkpoint after it.
      report({
        kind: 'unreadable_event',
        stream,
        revision,
        position,
        expected: 'JSON',
        actual: event.unreadable,
        message: `event at position ${position} cannot be read`,
      });
      continue;
    }
    const leafIndex = hasher.size;
    if (treeSizes.has(leafIndex + 1)) reachedAt.set(leafIndex + 1, position);
    if (
      leafIndex >= coveredLeaves &&
      position > coveredPosition &&
      !(stream === AUDIT_STREAM && chain.validRevisions.has(revision))
    ) {
      if (uncovered) uncovered.count += 1;
      else uncovered = { event, count: 1 };
    }
    const head = heads.get(stream);
    const expectedRevision = head ? head.revision + 1 : 0;
    const storedHash = String(event.metadata.hash);
    if (revision < expectedRevision) {
      hasher.push(event.metadata.hash);
      report({
        kind: 'revision_out_of_order',
        stream,
        revision,
        position,
        expected: expectedRevision,
        actual: revision,
        message: `${stream} revision ${revision} comes after revision ${expectedRevision - 1}`,
      });
      continue;
    }
    if (revision > expectedRevision) {
      report({
        kind: 'revision_gap',
        stream,
        revision: expectedRevision,
        position,
        expected: expectedRevision,
        actual: revision,
        message: `${stream} revision ${expectedRevision} is missing: revision ${revision} comes next`,
      });
    } else {
      const prevHash = head?.hash ?? GENESIS_HASH;
      if (event.metadata.prevHash !== prevHash) {
        report({
          kind: 'prev_hash_mismatch',
          stream,
          revision,
          position,
          expected: prevHash,
          actual: event.metadata.prevHash ?? null,
          message: `${stream} revision ${revision} does not link to revision ${revision - 1}`,
        });
      }
    }
    hasher.push(event.leafData ?? event.metadata.hash);
    if (event.hashVerified !== true && !eventHashMatches(event, storedHash)) hashMismatch(event, storedHash);
    if (head) {
      // Updated in place: one object per stream, not one per event.
      head.revision = revision;
      head.hash = storedHash;
      head.position = position;
    } else heads.set(stream, { revision, hash: storedHash, position });
  }
  onProgress({ phase: 'roots', events, total });
  if (breaks.length < maxBreaks) passBoundaries(Infinity);
  // Every signed root against the root of the log's first treeSize leaves.
  const roots = await hasher.finish();
  for (const checkpoint of trees) {
    const { treeSize, rootHash, sequence } = checkpoint.data;
    const root = roots.get(treeSize);
    if (root?.equals(checkpoint.rootHash)) continue;
    if (root) {
      const position = reachedAt.get(treeSize) ?? null;
      report(
        {
          kind: 'checkpoint_root_mismatch',
          stream: AUDIT_STREAM,
          revision: checkpoint.summary.revision,
          position,
          expected: rootHash,
          actual: root.toString('hex'),
          message: `checkpoint ${sequence} signed root ${rootHash} for the first ${treeSize} events; the log's first ${treeSize} events hash to ${root.toString('hex')}`,
        },
        position ?? -1,
      );
    } else if (complete) {
      report({
        kind: 'checkpoint_beyond_log',
        stream: AUDIT_STREAM,
        revision: checkpoint.summary.revision,
        position: checkpoint.summary.position,
        expected: treeSize,
        actual: hasher.size,
        message: `checkpoint ${sequence} signed ${treeSize} events; the log holds ${hasher.size}: events were removed`,
      });
    }
  }
  if (uncovered && breaks.length < maxBreaks) {
    const { event, count } = uncovered;
    const none = chain.valid.length === 0;
    report({
      kind: none ? 'no_trusted_checkpoint' : 'unsigned_tail',
      stream: event.streamId,
      revision: Number(event.revision),
      position: Number(event.position),
      expected: none ? 'a checkpoint signed by a trusted key' : `at most ${coveredLeaves} events`,
      actual: count,
      message: none
        ? `no checkpoint signed by a trusted key covers the log: ${count} events are vouched for by nobody`
        : `${count} events from position ${event.position} on come after the last signed checkpoint: nothing signed vouches for them`,
    });
  }

  if (options.anchor && chain.hashes.get(options.anchor.revision) !== options.anchor.hash) {
    report({
      kind: 'anchor_missing',
      stream: AUDIT_STREAM,
      revision: options.anchor.revision,
      position: null,
      expected: options.anchor.hash,
      actual: chain.hashes.get(options.anchor.revision) ?? null,
      message: `the checkpoint you hold (${AUDIT_STREAM} revision ${options.anchor.revision}) is not in the log`,
    });
  }
  const ordered = breaks
    .map((found, index) => ({ ...found, index }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ item }) => item)
    .slice(0, maxBreaks);
  const latest = chain.valid.at(-1)?.summary ?? null;
  return {
    ok: ordered.length === 0,
    covered: { treeSize: coveredLeaves, rootHash: trees.at(-1)?.data.rootHash ?? null },
    events,
    streams: heads.size,
    lastPosition: Math.max(lastPosition, 0),
    checkpoints: { count: chain.count, valid: chain.valid.length, latest },
    keys: [...chain.keys.keys()],
    firstBreak: ordered[0] ?? null,
    breaks: ordered,
  };
}
