import type { KeyObject } from 'node:crypto';
import type { CheckpointReason } from './checkpoint';
import { checkpointText, parseCheckpointText, signNote, verifyNote } from './signed-note';

/**
 * A checkpoint of the transparency log (schema 2 of `CheckpointSigned`): the signed head of the Merkle tree
 * over the first `treeSize` events of the log. `note` is the C2SP signed note (tlog-checkpoint body: origin,
 * size, base64 root) and is what carries the signature; the other fields repeat it for readers and queries.
 * Its size does not depend on the number of streams.
 */
export interface TreeHeadData {
  /** 1, 2, 3 ... across both schemas: each checkpoint follows the one before it. */
  sequence: number;
  origin: string;
  treeSize: number;
  /** Root hash, hex. */
  rootHash: string;
  /** Position of the tree's last leaf (0 for an empty tree). */
  position: number;
  note: string;
  keyId: string;
  signedAt: string;
  reason: CheckpointReason;
}

export interface TreeHead {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
}

/** Structural check of stored schema-2 checkpoint data; undefined when it is not one. */
export function asTreeHeadData(data: unknown): TreeHeadData | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Partial<TreeHeadData>;
  return Number.isSafeInteger(d.sequence) &&
    Number.isSafeInteger(d.treeSize) &&
    Number.isSafeInteger(d.position) &&
    typeof d.origin === 'string' &&
    typeof d.rootHash === 'string' &&
    /^[0-9a-f]{64}$/.test(d.rootHash) &&
    typeof d.note === 'string' &&
    typeof d.keyId === 'string' &&
    typeof d.signedAt === 'string'
    ? (d as TreeHeadData)
    : undefined;
}

/** The signed note of a tree head: signed by `key` under the log's origin as key name. */
export function signTreeHead(head: TreeHead, key: { privateKey: KeyObject; publicKeyPem: string }): string {
  return signNote(checkpointText(head), head.origin, key.privateKey, key.publicKeyPem);
}

export type TreeHeadProblem =
  | { kind: 'malformed'; message: string }
  | { kind: 'unknown_key'; message: string }
  | { kind: 'mismatch'; message: string };

/**
 * Opens a signed tree head with the keys an auditor trusts (keyId → PEM): the note must carry a valid
 * signature by one of them under the origin's name, and say what the stored fields say. Returns the key
 * that signed, or the problem.
 */
export function openTreeHead(
  data: TreeHeadData,
  trustedKeys: ReadonlyMap<string, string>,
): { keyId: string; head: TreeHead } | { problem: TreeHeadProblem } {
  let head: TreeHead;
  try {
    const text = verifyNote(data.note, []).text;
    const parsed = parseCheckpointText(text);
    head = { origin: parsed.origin, treeSize: parsed.treeSize, rootHash: parsed.rootHash };
  } catch (error) {
    return { problem: { kind: 'malformed', message: `the signed note cannot be read: ${String(error)}` } };
  }
  if (
    head.origin !== data.origin ||
    head.treeSize !== data.treeSize ||
    head.rootHash.toString('hex') !== data.rootHash
  ) {
    return {
      problem: {
        kind: 'mismatch',
        message: `the signed note says ${head.origin} size ${head.treeSize} root ${head.rootHash.toString('hex')}; the checkpoint says ${data.origin} size ${data.treeSize} root ${data.rootHash}`,
      },
    };
  }
  for (const [keyId, publicKeyPem] of trustedKeys) {
    if (verifyNote(data.note, [{ name: head.origin, publicKeyPem }]).verifiedBy.length > 0) {
      return { keyId, head };
    }
  }
  return {
    problem: {
      kind: 'unknown_key',
      message: `checkpoint ${data.sequence} (tree size ${data.treeSize}) carries no valid signature by a trusted key`,
    },
  };
}
