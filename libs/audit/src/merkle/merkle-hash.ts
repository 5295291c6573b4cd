import * as crypto from 'node:crypto';

/**
 * SHA-256 of one buffer in one call. Node's one-shot `crypto.hash` (20.12+) skips the Hash object that
 * createHash allocates, about half the cost for inputs as small as a leaf (33 bytes) or a node (65 bytes):
 * a full verification hashes two of them per event.
 */
const sha256: (data: Buffer) => Buffer =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) =>
        (crypto as unknown as { hash: (a: string, d: Buffer, e: 'buffer') => Buffer }).hash(
          'sha256',
          data,
          'buffer',
        )
    : (data) => crypto.createHash('sha256').update(data).digest();

// RFC 9162 §2.1.1: the one-byte prefixes keep a leaf from ever hashing like an interior node (second-preimage).
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

export const HASH_SIZE = 32;

/** SHA-256(0x00 ‖ data): the hash of one leaf. */
export function leafHash(data: Buffer): Buffer {
  const input = Buffer.allocUnsafe(1 + data.length);
  input[0] = LEAF_PREFIX;
  data.copy(input, 1);
  return sha256(input);
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  left.copy(input, 1);
  right.copy(input, 1 + left.length);
  return sha256(input);
}

/** MTH({}): the root of the empty tree, SHA-256 of no bytes. */
export const EMPTY_ROOT: Buffer = crypto.createHash('sha256').digest();
