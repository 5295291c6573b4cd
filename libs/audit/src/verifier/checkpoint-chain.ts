import {
  asCheckpointData,
  asRotationData,
  checkpointBody,
  checkpointSigningBytes,
  CHECKPOINT_SIGNED,
  rotationSigningBytes,
  SIGNING_KEY_ROTATED,
  type CheckpointSignedData,
} from '../checkpoint/checkpoint';
import { asTreeHeadData, openTreeHead, type TreeHeadData } from '../checkpoint/tree-head';
import { verifyConsistency } from '../merkle/merkle-proofs';
import { verifySignature } from '../checkpoint/checkpoint-signer';
import type { AuditEvent } from './audit-event';
import type { AuditBreak, CheckpointSummary } from './verification-report';

/** A validly signed checkpoint: schema 1 signed every stream's head, schema 2 the head of the Merkle tree. */
export type VerifiedCheckpoint =
  | { schema: 1; data: CheckpointSignedData; summary: CheckpointSummary }
  | { schema: 2; data: TreeHeadData; rootHash: Buffer; summary: CheckpointSummary };

/** Consistency proofs a bundle carries between successive tree heads, by `${from}:${to}`. */
export type ConsistencyProofs = ReadonlyMap<string, readonly Buffer[]>;

export interface CheckpointChainResult {
  /** Validly signed checkpoints, in order; their heads or roots are compared with the log. */
  valid: VerifiedCheckpoint[];
  count: number;
  keys: Map<string, string>;
  breaks: AuditBreak[];
  /** revision -> stored hash of every audit event, for anchors. */
  hashes: Map<number, string>;
  /** Audit-stream revisions of the valid checkpoints: the only events allowed after the last signed tree. */
  validRevisions: Set<number>;
}

/**
 * First pass, over the audit stream alone (small: one event per checkpoint): signatures by a trusted key, key
 * rotations signed by the key they replace, and each checkpoint extending the one before it: sequence + 1;
 * schema 1: positions and per-stream revisions never going back, no stream vanishing; schema 2: the same
 * origin, tree sizes never going back, and where the source carries consistency proofs, each tree head
 * proven an extension of the one before (RFC 9162 §2.1.4.2).
 */
export function verifyCheckpointChain(
  events: readonly AuditEvent[],
  trustedKeys: ReadonlyMap<string, string>,
  proofs: ConsistencyProofs = new Map(),
): CheckpointChainResult {
  const keys = new Map(trustedKeys);
  const breaks: AuditBreak[] = [];
  const valid: VerifiedCheckpoint[] = [];
  const hashes = new Map<number, string>();
  const validRevisions = new Set<number>();
  let previous: VerifiedCheckpoint | undefined;
  let previousTree: Extract<VerifiedCheckpoint, { schema: 2 }> | undefined;
  let count = 0;
  for (const event of events) {
    const at = { stream: event.streamId, revision: Number(event.revision), position: Number(event.position) };
    const fail = (kind: AuditBreak['kind'], expected: unknown, actual: unknown, message: string) =>
      breaks.push({ kind, ...at, expected, actual, message });
    hashes.set(at.revision, String(event.metadata.hash));
    if (event.type === SIGNING_KEY_ROTATED) {
      const rotation = asRotationData(event.data);
      const previousPem = rotation && keys.get(rotation.previousKeyId);
      if (!rotation || !previousPem) {
        fail(
          'key_rotation_invalid',
          'a rotation signed by a known key',
          rotation?.previousKeyId ?? null,
          'key rotation by an unknown key or malformed',
        );
        continue;
      }
      const { signature, ...body } = rotation;
      if (!verifySignature(rotationSigningBytes(body), signature, previousPem)) {
        fail(
          'key_rotation_invalid',
          'valid signature',
          signature,
          `rotation to ${rotation.keyId} is not signed by ${rotation.previousKeyId}`,
        );
        continue;
      }
      keys.set(rotation.keyId, rotation.publicKeyPem);
      continue;
    }
    if (event.type !== CHECKPOINT_SIGNED) continue;
    count += 1;
    const summary = (sequence: number, keyId: string, signedAt: string) => ({
      sequence,
      revision: at.revision,
      position: at.position,
      hash: String(event.metadata.hash),
      keyId,
      signedAt,
    });
    const tree = asTreeHeadData(event.data);
    if (tree) {
      const opened = openTreeHead(tree, keys);
      if ('problem' in opened) {
        const { kind, message } = opened.problem;
        if (kind === 'unknown_key' && keys.has(tree.keyId))
          fail('checkpoint_bad_signature', `a signature by ${tree.keyId}`, tree.note, message);
        else if (kind === 'unknown_key')
          fail('checkpoint_unknown_key', [...keys.keys()], tree.keyId, message);
        else
          fail('checkpoint_malformed', 'a signed note saying what the checkpoint says', tree.note, message);
        continue;
      }
      const checkpoint: VerifiedCheckpoint = {
        schema: 2,
        data: tree,
        rootHash: opened.head.rootHash,
        summary: {
          ...summary(tree.sequence, opened.keyId, tree.signedAt),
          globalPosition: tree.position,
          treeSize: tree.treeSize,
          rootHash: tree.rootHash,
        },
      };
      const problem =
        sequenceProblem(previous, tree.sequence) ?? treeProblem(previousTree, checkpoint, proofs);
      if (problem) fail(problem.kind, problem.expected, problem.actual, problem.message);
      previous = previousTree = checkpoint;
      valid.push(checkpoint);
      validRevisions.add(at.revision);
      continue;
    }
    const data = asCheckpointData(event.data);
    if (!data) {
      fail('checkpoint_malformed', 'checkpoint data', event.data, 'checkpoint data is malformed');
      continue;
    }
    const pem = keys.get(data.keyId);
    if (!pem) {
      fail(
        'checkpoint_unknown_key',
        [...keys.keys()],
        data.keyId,
        `checkpoint ${data.sequence} names unknown key ${data.keyId}`,
      );
      continue;
    }
    if (!verifySignature(checkpointSigningBytes(checkpointBody(data)), data.signature, pem)) {
      fail(
        'checkpoint_bad_signature',
        `a signature by ${data.keyId}`,
        data.signature,
        `checkpoint ${data.sequence}: the signature does not match its content`,
      );
      continue;
    }
    const regression =
      sequenceProblem(previous, data.sequence) ??
      (previous?.schema === 1 ? extensionProblem(previous.data, data) : undefined);
    if (regression) fail(regression.kind, regression.expected, regression.actual, regression.message);
    previous = {
      schema: 1,
      data,
      summary: { ...summary(data.sequence, data.keyId, data.signedAt), globalPosition: data.globalPosition },
    };
    valid.push(previous);
    validRevisions.add(at.revision);
  }
  return { valid, count, keys, breaks, hashes, validRevisions };
}

interface Problem {
  kind: AuditBreak['kind'];
  expected: unknown;
  actual: unknown;
  message: string;
}

function sequenceProblem(previous: VerifiedCheckpoint | undefined, sequence: number): Problem | undefined {
  if (!previous || sequence === previous.data.sequence + 1) return undefined;
  return {
    kind: 'checkpoint_not_extending',
    expected: previous.data.sequence + 1,
    actual: sequence,
    message: 'checkpoint sequence is not contiguous',
  };
}

/** A tree head must continue the previous one: same log, no smaller, and consistent where a proof is at hand. */
function treeProblem(
  before: Extract<VerifiedCheckpoint, { schema: 2 }> | undefined,
  after: Extract<VerifiedCheckpoint, { schema: 2 }>,
  proofs: ConsistencyProofs,
): Problem | undefined {
  if (!before) return undefined;
  const [a, b] = [before.data, after.data];
  if (a.origin !== b.origin)
    return {
      kind: 'checkpoint_not_extending',
      expected: a.origin,
      actual: b.origin,
      message: `checkpoint ${b.sequence} is for log ${b.origin}, not ${a.origin}`,
    };
  if (b.treeSize < a.treeSize)
    return {
      kind: 'checkpoint_not_extending',
      expected: `>= ${a.treeSize}`,
      actual: b.treeSize,
      message: `checkpoint ${b.sequence} signs a smaller tree (${b.treeSize}) than checkpoint ${a.sequence} (${a.treeSize})`,
    };
  const proof = a.treeSize === b.treeSize ? [] : proofs.get(`${a.treeSize}:${b.treeSize}`);
  if (a.treeSize === 0 || proof === undefined) return undefined;
  if (verifyConsistency(a.treeSize, b.treeSize, before.rootHash, after.rootHash, proof)) return undefined;
  return {
    kind: 'checkpoint_inconsistent',
    expected: `tree ${b.treeSize} extending tree ${a.treeSize} (root ${a.rootHash})`,
    actual: b.rootHash,
    message: `checkpoint ${b.sequence} (tree ${b.treeSize}) is not an extension of checkpoint ${a.sequence} (tree ${a.treeSize}): a forked or rewritten log`,
  };
}

function extensionProblem(before: CheckpointSignedData, after: CheckpointSignedData): Problem | undefined {
  if (after.globalPosition < before.globalPosition)
    return {
      kind: 'checkpoint_not_extending',
      expected: `>= ${before.globalPosition}`,
      actual: after.globalPosition,
      message: `checkpoint ${after.sequence} goes back in the log`,
    };
  for (const [stream, head] of Object.entries(before.heads)) {
    const next = after.heads[stream];
    if (!next)
      return {
        kind: 'checkpoint_not_extending',
        expected: head,
        actual: null,
        message: `stream ${stream} vanished in checkpoint ${after.sequence}`,
      };
    if (next.revision < head.revision || (next.revision === head.revision && next.hash !== head.hash))
      return {
        kind: 'checkpoint_not_extending',
        expected: head,
        actual: next,
        message: `stream ${stream} went back in checkpoint ${after.sequence}`,
      };
  }
  return undefined;
}
