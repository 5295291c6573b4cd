/* eslint-disable @typescript-eslint/no-require-imports -- runs from its source text in threads (see below) */

/** A compact range as the threads grow it: CompactRange's algorithm on scratch buffers, one hash call per node. */
export interface ThreadRange {
  readonly size: number;
  /** Adds the leaf whose 32-byte data is `data[offset, offset + 32)`. */
  append(data: Buffer, offset: number): void;
  root(): Buffer;
  edge(): Buffer[];
}

export type OnThreadNode = (level: number, index: number, hash: Buffer) => void;

/**
 * Returns a factory of ThreadRange. Self-contained (`require` only, no outer names) so that thread bodies can
 * evaluate its source text: `eval(\`(${threadRangeFactory.toString()})()\`)`, which is how the verifier's leaf
 * hasher and the tree writer share it. It grows the RFC 9162 tree exactly as CompactRange does (leaf =
 * SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right), the edge merged while the old size is odd), and
 * the specs hold the two equal; it differs only in reusing its input buffers.
 */
export function threadRangeFactory(): (
  size: number,
  edge: Uint8Array[],
  onNode?: OnThreadNode,
) => ThreadRange {
  const crypto = require('node:crypto');
  const sha256: (input: Buffer) => Buffer =
    typeof crypto.hash === 'function'
      ? (input) => crypto.hash('sha256', input, 'buffer')
      : (input) => crypto.createHash('sha256').update(input).digest();
  const leaf = Buffer.alloc(33); // 0x00 ‖ data
  const node = Buffer.alloc(65); // 0x01 ‖ left ‖ right
  node[0] = 0x01;
  const nodeHash = (left: Buffer, right: Buffer) => {
    left.copy(node, 1);
    right.copy(node, 33);
    return sha256(node);
  };
  return (initialSize, initialEdge, onNode) => {
    let size = initialSize;
    const edge: Buffer[] = initialEdge.map((hash) => Buffer.from(hash));
    return {
      get size() {
        return size;
      },
      append(data, offset) {
        data.copy(leaf, 1, offset, offset + 32);
        let hash: Buffer = sha256(leaf);
        let level = 0;
        let index = size;
        onNode?.(level, index, hash);
        for (; index % 2 === 1; index = (index - 1) / 2) {
          hash = nodeHash(edge.pop() as Buffer, hash);
          onNode?.(++level, (index - 1) / 2, hash);
        }
        edge.push(hash);
        size += 1;
      },
      root() {
        if (edge.length === 0) return crypto.createHash('sha256').digest();
        let hash = edge[edge.length - 1];
        for (let i = edge.length - 2; i >= 0; i--) hash = nodeHash(edge[i], hash);
        return hash;
      },
      edge: () => edge.map((hash) => Buffer.from(hash)),
    };
  };
}
