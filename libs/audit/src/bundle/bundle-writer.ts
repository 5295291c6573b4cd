import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { AUDIT_STREAM, CHECKPOINT_SIGNED, asCheckpointData } from '../checkpoint/checkpoint';
import type { PublicKeyEntry } from '../checkpoint/key-store';
import { asTreeHeadData } from '../checkpoint/tree-head';
import { leafHash } from '../merkle/merkle-hash';
import { MemoryMerkleTree } from '../merkle/memory-merkle-tree';
import { leafDataOf } from '../tlog/leaf-data';
import type { AuditEventSource } from '../verifier/audit-event';
import {
  BUNDLE_FORMAT,
  eventLine,
  EVENTS_FILE,
  KEYS_FILE,
  MANIFEST_FILE,
  PROOFS_FILE,
  type BundleEvent,
  type BundleManifest,
  type BundlePart,
  type BundleProofs,
} from './bundle-format';

/** Tracks what the manifest needs while the events go by: size, SHA-256, the checkpoints. */
export class BundleDigest {
  private readonly hash = createHash('sha256');
  bytes = 0;
  events = 0;
  lastPosition = 0;
  latestCheckpoint: BundleManifest['latestCheckpoint'] = null;
  /** The signed tree heads met, in log order. */
  readonly treeHeads: BundleProofs['checkpoints'] = [];

  add(event: BundleEvent): string {
    const line = eventLine(event);
    this.hash.update(line);
    this.bytes += Buffer.byteLength(line);
    this.events += 1;
    this.lastPosition = Number(event.position);
    if (event.streamId === AUDIT_STREAM && event.type === CHECKPOINT_SIGNED) {
      const tree = asTreeHeadData(event.data);
      const legacy = tree ? undefined : asCheckpointData(event.data);
      const checkpoint = tree ?? legacy;
      if (tree) {
        const { sequence, treeSize, rootHash, note } = tree;
        this.treeHeads.push({ sequence, treeSize, rootHash, note });
      }
      if (checkpoint) {
        this.latestCheckpoint = {
          revision: Number(event.revision),
          hash: String(event.metadata.hash),
          sequence: checkpoint.sequence,
          globalPosition: tree ? tree.position : (legacy?.globalPosition ?? 0),
          ...(tree ? { treeSize: tree.treeSize, rootHash: tree.rootHash } : {}),
        };
      }
    }
    return line;
  }

  part(): BundlePart {
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

export function textPart(text: string): { text: string; part: BundlePart } {
  return {
    text,
    part: { sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) },
  };
}

export function keysPart(keys: readonly PublicKeyEntry[]): { text: string; part: BundlePart } {
  return textPart(`${JSON.stringify(keys, null, 2)}\n`);
}

/** proofs.json for the tree heads met: `consistencyProof` answers from any tree holding the bundle's log. */
export function proofsPart(
  treeHeads: BundleProofs['checkpoints'],
  consistencyProof: (from: number, to: number) => Buffer[],
): { text: string; part: BundlePart } {
  const consistency: BundleProofs['consistency'] = [];
  for (let i = 1; i < treeHeads.length; i++) {
    const [from, to] = [treeHeads[i - 1].treeSize, treeHeads[i].treeSize];
    if (from === 0 || from >= to) continue;
    consistency.push({ from, to, hashes: consistencyProof(from, to).map((h) => h.toString('hex')) });
  }
  const proofs: BundleProofs = { checkpoints: treeHeads, consistency };
  return textPart(`${JSON.stringify(proofs, null, 2)}\n`);
}

export function manifestText(
  digest: BundleDigest,
  events: BundlePart,
  keys: BundlePart,
  createdAt: Date,
  proofs: BundlePart,
): string {
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: createdAt.toISOString(),
    events: digest.events,
    lastPosition: digest.lastPosition,
    parts: { [EVENTS_FILE]: events, [KEYS_FILE]: keys, [PROOFS_FILE]: proofs },
    latestCheckpoint: digest.latestCheckpoint,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Writes an evidence bundle as a directory: events.ndjson (the stored log, in position order),
 * public-keys.json (every checkpoint key), proofs.json (tree heads and consistency proofs, from a tree built
 * in memory here) and manifest.json (SHA-256 and size of each part). For tools and tests; the API streams
 * the same parts as a tar from its own tree.
 */
export async function writeBundle(
  dir: string,
  source: {
    events: AsyncIterable<BundleEvent> | Iterable<BundleEvent>;
    keys: readonly PublicKeyEntry[];
    createdAt: Date;
  },
): Promise<BundleManifest> {
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, EVENTS_FILE));
  const digest = new BundleDigest();
  const tree = new MemoryMerkleTree();
  for await (const event of source.events as AuditEventSource) {
    tree.append(leafHash(leafDataOf(event.metadata.hash)));
    if (!out.write(digest.add(event))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const keys = keysPart(source.keys);
  writeFileSync(join(dir, KEYS_FILE), keys.text);
  const proofs = proofsPart(digest.treeHeads, (from, to) => tree.consistencyProof(from, to));
  writeFileSync(join(dir, PROOFS_FILE), proofs.text);
  const manifest = manifestText(digest, digest.part(), keys.part, source.createdAt, proofs.part);
  writeFileSync(join(dir, MANIFEST_FILE), manifest);
  return JSON.parse(manifest) as BundleManifest;
}
