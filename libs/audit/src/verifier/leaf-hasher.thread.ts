/* eslint-disable @typescript-eslint/no-require-imports -- this body runs from its source text (see LeafHasher) */

/** What the leaf hasher's thread starts from: the tree so far (a compact range) and the sizes to report. */
export interface LeafHasherSetup {
  size: number;
  /** The compact range's edge: one 32-byte hash per set bit of `size`, largest subtree first. */
  edge: Uint8Array[];
  /** Tree sizes whose root to report. */
  sizes: number[];
}

/** A batch of leaf data, 32 bytes a leaf; or the end, answered with the roots. */
export type LeafHasherMessage = { data: ArrayBuffer; count: number } | { end: true };

export interface LeafHasherResult {
  size: number;
  roots: [number, Uint8Array][];
}

/**
 * The body of the leaf hasher's thread (run from its source text: self-contained, `require` only). It grows
 * the RFC 9162 tree over the leaf data it receives exactly as CompactRange does (leaf = SHA-256(0x00 ‖ data),
 * node = SHA-256(0x01 ‖ left ‖ right), right edge merged while the old size is odd) and records the root at
 * each size asked for. The specs hold it equal to CompactRange.
 */
export function leafHasherThread(): void {
  const { parentPort, workerData } = require('node:worker_threads');
  const crypto = require('node:crypto');
  const setup = workerData as LeafHasherSetup;
  const sha256: (input: Buffer) => Buffer =
    typeof crypto.hash === 'function'
      ? (input) => crypto.hash('sha256', input, 'buffer')
      : (input) => crypto.createHash('sha256').update(input).digest();
  const edge: Buffer[] = setup.edge.map((hash) => Buffer.from(hash));
  const wanted = new Set(setup.sizes);
  const roots: [number, Uint8Array][] = [];
  let size = setup.size;
  const leaf = Buffer.alloc(33); // 0x00 ‖ data
  const node = Buffer.alloc(65);
  node[0] = 0x01;
  const nodeHash = (left: Buffer, right: Buffer) => {
    left.copy(node, 1);
    right.copy(node, 33);
    return sha256(node);
  };
  const root = () => {
    let hash = edge[edge.length - 1];
    for (let i = edge.length - 2; i >= 0; i--) hash = nodeHash(edge[i], hash);
    return hash;
  };
  parentPort.on('message', (message: LeafHasherMessage) => {
    if ('end' in message) {
      parentPort.postMessage({ size, roots } satisfies LeafHasherResult);
      return;
    }
    const data = Buffer.from(message.data);
    for (let i = 0; i < message.count; i++) {
      data.copy(leaf, 1, i * 32, i * 32 + 32);
      let hash = sha256(leaf);
      for (let index = size; index % 2 === 1; index = (index - 1) / 2) {
        hash = nodeHash(edge.pop() as Buffer, hash);
      }
      edge.push(hash);
      size += 1;
      if (wanted.has(size)) roots.push([size, root()]);
    }
  });
}
