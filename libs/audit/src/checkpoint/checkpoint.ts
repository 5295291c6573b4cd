import { canonicalJson } from '../hash-chain/canonical-json';

/** The stream holding signed checkpoints and key rotations (no `$`: EventStoreDB reserves it). */
export const AUDIT_STREAM = 'audit-checkpoints';
export const CHECKPOINT_SIGNED = 'CheckpointSigned';
export const SIGNING_KEY_ROTATED = 'SigningKeyRotated';

export type CheckpointReason = 'events' | 'interval' | 'on_demand' | 'rotation';

export interface StreamHead {
  revision: number;
  /** The stored hash of the stream's event at `revision`. */
  hash: string;
}

/** What a checkpoint signs: the head of every stream (but its own) once the log reached `globalPosition`. */
export interface CheckpointBody {
  /** 1, 2, 3 ...: each checkpoint extends the one before it. */
  sequence: number;
  /** Every event at or below this position, and none above, is covered. */
  globalPosition: number;
  heads: Record<string, StreamHead>;
  signedAt: string;
  keyId: string;
  reason: CheckpointReason;
}

export interface CheckpointSignedData extends CheckpointBody {
  /** Ed25519 over checkpointSigningBytes(body), base64. */
  signature: string;
}

/** Announces a new signing key, signed by the key it replaces, so trust passes from one to the next. */
export interface KeyRotationBody {
  previousKeyId: string;
  keyId: string;
  publicKeyPem: string;
  rotatedAt: string;
}

export interface SigningKeyRotatedData extends KeyRotationBody {
  signature: string;
}

// Domain separation: a signature over a checkpoint can never be replayed as one over a rotation, or back.
export function checkpointSigningBytes(body: CheckpointBody): Buffer {
  return Buffer.from(`migration-tracker/checkpoint/v1\n${canonicalJson(body)}`);
}

export function rotationSigningBytes(body: KeyRotationBody): Buffer {
  return Buffer.from(`migration-tracker/key-rotation/v1\n${canonicalJson(body)}`);
}

export function checkpointBody(data: CheckpointSignedData): CheckpointBody {
  const { signature: _signature, ...body } = data;
  return body;
}

/** Structural check of stored checkpoint data; undefined when it is not one. */
export function asCheckpointData(data: unknown): CheckpointSignedData | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Partial<CheckpointSignedData>;
  const ok =
    Number.isSafeInteger(d.sequence) &&
    Number.isSafeInteger(d.globalPosition) &&
    typeof d.signedAt === 'string' &&
    typeof d.keyId === 'string' &&
    typeof d.signature === 'string' &&
    typeof d.heads === 'object' &&
    d.heads !== null &&
    Object.values(d.heads).every(
      (h: unknown) =>
        typeof h === 'object' &&
        h !== null &&
        Number.isSafeInteger((h as StreamHead).revision) &&
        typeof (h as StreamHead).hash === 'string',
    );
  return ok ? (d as CheckpointSignedData) : undefined;
}

export function asRotationData(data: unknown): SigningKeyRotatedData | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Partial<SigningKeyRotatedData>;
  return typeof d.previousKeyId === 'string' &&
    typeof d.keyId === 'string' &&
    typeof d.publicKeyPem === 'string' &&
    typeof d.rotatedAt === 'string' &&
    typeof d.signature === 'string'
    ? (d as SigningKeyRotatedData)
    : undefined;
}
