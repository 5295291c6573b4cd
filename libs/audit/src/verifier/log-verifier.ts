import { AUDIT_STREAM } from '../checkpoint/checkpoint';
import { computeEventHash, eventHashMatches, GENESIS_HASH } from '../hash-chain/event-hash';
import type { AuditEvent, AuditEventSource } from './audit-event';
import { verifyCheckpointChain, type VerifiedCheckpoint } from './checkpoint-chain';
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
  const auditEvents: AuditEvent[] = [];
  for await (const event of options.auditStream) auditEvents.push(event);
  const chain = verifyCheckpointChain(auditEvents, options.trustedKeys);
  const boundaries: VerifiedCheckpoint[] = [...chain.valid].sort(
    (a, b) => a.data.globalPosition - b.data.globalPosition,
  );
  let nextBoundary = 0;
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

  const checkBoundary = (checkpoint: VerifiedCheckpoint) => {
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

  for await (const event of options.log) {
    if (breaks.length >= maxBreaks) break;
    events += 1;
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
    const head = heads.get(stream);
    const expectedRevision = head ? head.revision + 1 : 0;
    const storedHash = String(event.metadata.hash);
    if (revision < expectedRevision) {
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
    if (!eventHashMatches(event, storedHash)) {
      const hash = computeEventHash(event);
      report({
        kind: 'hash_mismatch',
        stream,
        revision,
        position,
        expected: hash,
        actual: storedHash,
        message: `${stream} revision ${revision} differs from what was hashed`,
      });
    }
    if (head) {
      // Updated in place: one object per stream, not one per event.
      head.revision = revision;
      head.hash = storedHash;
      head.position = position;
    } else heads.set(stream, { revision, hash: storedHash, position });
  }
  if (breaks.length < maxBreaks) passBoundaries(Infinity);

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
    events,
    streams: heads.size,
    lastPosition: Math.max(lastPosition, 0),
    checkpoints: { count: chain.count, valid: chain.valid.length, latest },
    keys: [...chain.keys.keys()],
    firstBreak: ordered[0] ?? null,
    breaks: ordered,
  };
}
