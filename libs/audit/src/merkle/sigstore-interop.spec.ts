import { createPublicKey, generateKeyPairSync } from 'node:crypto';
// Deep imports: @sigstore/verify 3.1.1 declares no "exports" map, and these two are the functions its bundle
// verification runs on a Rekor entry (the checkpoint note, then the Merkle inclusion proof).
import { LogCheckpoint, verifyCheckpoint } from '@sigstore/verify/dist/tlog/checkpoint';
import { verifyMerkleInclusion } from '@sigstore/verify/dist/tlog/merkle';
import { checkpointText, noteKeyHash, rawEd25519PublicKey, signNote } from '../checkpoint/signed-note';
import { leafHash } from './merkle-hash';
import { MemoryMerkleTree } from './memory-merkle-tree';

type Entry = Parameters<typeof verifyMerkleInclusion>[0];

const DATA = Array.from({ length: 300 }, (_, i) => Buffer.from(`record ${i}`));
const tree = new MemoryMerkleTree();
DATA.forEach((d) => tree.append(leafHash(d)));

/** A Rekor-shaped log entry carrying our proof; sigstore hashes `canonicalizedBody` as the leaf itself. */
function entry(index: number, size: number, hashes = tree.inclusionProof(index, size), envelope = ''): Entry {
  return {
    logIndex: String(index),
    logId: { keyId: Buffer.alloc(32) },
    kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
    integratedTime: '0',
    inclusionPromise: undefined,
    canonicalizedBody: DATA[index],
    inclusionProof: {
      logIndex: String(index),
      rootHash: tree.rootAt(size),
      treeSize: String(size),
      hashes,
      checkpoint: { envelope },
    },
  } as Entry;
}

const checkpointOf = (size: number) =>
  new LogCheckpoint('tracker.example/audit', BigInt(size), tree.rootAt(size), []);

describe('interop with @sigstore/verify 3.1.1', () => {
  describe('verifyMerkleInclusion', () => {
    it('accepts our inclusion proof for every leaf of every tree up to 64 leaves, and samples up to 300', () => {
      const pairs: [number, number][] = [];
      for (let size = 1; size <= 64; size++)
        for (let index = 0; index < size; index++) pairs.push([index, size]);
      for (let k = 0; k < 500; k++) {
        const size = 65 + ((k * 7919) % 236);
        pairs.push([(k * 104_729) % size, size]);
      }
      for (const [index, size] of pairs) {
        expect(() => verifyMerkleInclusion(entry(index, size), checkpointOf(size))).not.toThrow();
      }
    });

    it('throws on a proof with a flipped bit, another index, a missing hash or a root of another size', () => {
      const proof = tree.inclusionProof(77, 250);
      const flipped = proof.map((h, i) =>
        i === 3 ? Buffer.from(h.map((b, j) => (j === 9 ? b ^ 0x10 : b))) : h,
      );
      const other = { ...entry(77, 250), canonicalizedBody: DATA[78] } as Entry;
      const attempts: [Entry, LogCheckpoint][] = [
        [entry(77, 250, flipped), checkpointOf(250)],
        [other, checkpointOf(250)],
        [entry(77, 250, proof.slice(0, -1)), checkpointOf(250)],
        [entry(77, 250), checkpointOf(251)],
      ];
      for (const [e, checkpoint] of attempts) {
        expect(() => verifyMerkleInclusion(e, checkpoint)).toThrow(
          /inclusion proof|hash count|invalid index/,
        );
      }
    });
  });

  describe('verifyCheckpoint', () => {
    const origin = 'tracker.example/audit';
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // Sigstore finds the log by the signature's key hint (the first 4 bytes of the log ID) and its name in
    // the log's URL; we give it a log whose ID starts with our C2SP key ID.
    const log = {
      logID: Buffer.concat([noteKeyHash(origin, rawEd25519PublicKey(publicKeyPem)), Buffer.alloc(28)]),
      baseURL: `https://${origin}`,
      publicKey: createPublicKey(publicKeyPem),
      validFor: { start: new Date(0), end: new Date(8.64e15) },
    };

    it('opens our signed checkpoint and then verifies our inclusion proof against it', () => {
      const size = 250;
      const note = signNote(
        checkpointText({ origin, treeSize: size, rootHash: tree.rootAt(size) }),
        origin,
        privateKey,
        publicKeyPem,
      );
      const e = entry(77, size, undefined, note);
      const checkpoint = verifyCheckpoint(e, [log]);
      expect({ origin: checkpoint.origin, size: checkpoint.logSize, root: checkpoint.logHash }).toEqual({
        origin,
        size: 250n,
        root: tree.rootAt(size),
      });
      expect(() => verifyMerkleInclusion(e, checkpoint)).not.toThrow();
    });

    it('refuses our checkpoint once its text is changed', () => {
      const note = signNote(
        checkpointText({ origin, treeSize: 250, rootHash: tree.rootAt(250) }),
        origin,
        privateKey,
        publicKeyPem,
      );
      expect(() =>
        verifyCheckpoint(entry(77, 251, undefined, note.replace('\n250\n', '\n251\n')), [log]),
      ).toThrow(/invalid checkpoint signature/);
    });
  });
});
