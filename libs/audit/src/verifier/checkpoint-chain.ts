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
import { verifySignature } from '../checkpoint/checkpoint-signer';
import type { AuditEvent } from './audit-event';
import type { AuditBreak, CheckpointSummary } from './verification-report';

export interface VerifiedCheckpoint {
  data: CheckpointSignedData;
  summary: CheckpointSummary;
}

export interface CheckpointChainResult {
  /** Validly signed checkpoints, in order; their heads are compared with the log. */
  valid: VerifiedCheckpoint[];
  count: number;
  keys: Map<string, string>;
  breaks: AuditBreak[];
  /** revision -> stored hash of every audit event, for anchors. */
  hashes: Map<number, string>;
}

/**
 * First pass, over the audit stream alone (small: one event per checkpoint): signatures by a trusted key, key
 * rotations signed by the key they replace, and each checkpoint extending the one before it: sequence + 1,
 * positions and per-stream revisions never going back, no stream vanishing.
 */
export function verifyCheckpointChain(
  events: readonly AuditEvent[],
  trustedKeys: ReadonlyMap<string, string>,
): CheckpointChainResult {
  const keys = new Map(trustedKeys);
  const breaks: AuditBreak[] = [];
  const valid: VerifiedCheckpoint[] = [];
  const hashes = new Map<number, string>();
  let previous: CheckpointSignedData | undefined;
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
    const regression = previous && extensionProblem(previous, data);
    if (regression)
      fail('checkpoint_not_extending', regression.expected, regression.actual, regression.message);
    previous = data;
    valid.push({
      data,
      summary: {
        sequence: data.sequence,
        globalPosition: data.globalPosition,
        revision: at.revision,
        position: at.position,
        hash: String(event.metadata.hash),
        keyId: data.keyId,
        signedAt: data.signedAt,
      },
    });
  }
  return { valid, count, keys, breaks, hashes };
}

function extensionProblem(
  before: CheckpointSignedData,
  after: CheckpointSignedData,
): { expected: unknown; actual: unknown; message: string } | undefined {
  if (after.sequence !== before.sequence + 1)
    return {
      expected: before.sequence + 1,
      actual: after.sequence,
      message: 'checkpoint sequence is not contiguous',
    };
  if (after.globalPosition < before.globalPosition)
    return {
      expected: `>= ${before.globalPosition}`,
      actual: after.globalPosition,
      message: `checkpoint ${after.sequence} goes back in the log`,
    };
  for (const [stream, head] of Object.entries(before.heads)) {
    const next = after.heads[stream];
    if (!next)
      return {
        expected: head,
        actual: null,
        message: `stream ${stream} vanished in checkpoint ${after.sequence}`,
      };
    if (next.revision < head.revision || (next.revision === head.revision && next.hash !== head.hash))
      return {
        expected: head,
        actual: next,
        message: `stream ${stream} went back in checkpoint ${after.sequence}`,
      };
  }
  return undefined;
}
