/* eslint-disable @typescript-eslint/no-require-imports -- this body runs from its source text (see LeafHasher) */

import type { threadRangeFactory } from '../merkle/thread-range';

/** What the leaf hasher's thread starts from: the tree so far (a compact range) and the sizes to report. */
export interface LeafHasherSetup {
  size: number;
  /** The compact range's edge: one 32-byte hash per set bit of `size`, largest subtree first. */
  edge: Uint8Array[];
  /** Tree sizes whose root to report. */
  sizes: number[];
}

/** A batch of leaf data, 32 bytes a leaf (acknowledged with `{ hashed: true }` once hashed); or the end, answered with the roots. */
export type LeafHasherMessage = { data: ArrayBuffer; count: number } | { end: true };

export interface LeafHasherResult {
  size: number;
  roots: [number, Uint8Array][];
}

/**
 * The body of the leaf hasher's thread (run from its source text: self-contained, `require` only). It grows
 * the tree over the leaf data it receives with the shared thread range (see threadRangeFactory, whose source
 * comes in `workerData.rangeSource`) and records the root at each size asked for.
 */
export function leafHasherThread(): void {
  const { parentPort, workerData } = require('node:worker_threads');
  const setup = workerData as LeafHasherSetup & { rangeSource: string };
  const createRange = eval(`(${setup.rangeSource})()`) as ReturnType<typeof threadRangeFactory>;
  const range = createRange(setup.size, setup.edge);
  const wanted = new Set(setup.sizes);
  const roots: [number, Uint8Array][] = [];
  parentPort.on('message', (message: LeafHasherMessage) => {
    if ('end' in message) {
      parentPort.postMessage({ size: range.size, roots } satisfies LeafHasherResult);
      return;
    }
    const data = Buffer.from(message.data);
    for (let i = 0; i < message.count; i++) {
      range.append(data, i * 32);
      if (wanted.has(range.size)) roots.push([range.size, range.root()]);
    }
    parentPort.postMessage({ hashed: true });
  });
}
