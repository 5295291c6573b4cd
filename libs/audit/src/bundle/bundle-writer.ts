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
import { TAR_END, tarHeader, tarPadding } from './tar';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_3,
  eventLine,
  eventPartName,
  EVENTS_DIR,
  EVENTS_FILE,
  PART_BYTES,
  PART_EVENTS,
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
    format: BUNDLE_FORMAT_3,
    createdAt: createdAt.toISOString(),
    events: digest.events,
    lastPosition: digest.lastPosition,
    parts: { [EVENTS_FILE]: events, [KEYS_FILE]: keys, [PROOFS_FILE]: proofs },
    latestCheckpoint: digest.latestCheckpoint,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** One file of a bundle, whole. */
export interface BundleMember {
  name: string;
  data: Buffer;
}

export interface BundleSource {
  events: AsyncIterable<BundleEvent> | Iterable<BundleEvent>;
  keys: readonly PublicKeyEntry[];
  createdAt: Date;
  /**
   * Asked once every event was read, with the signed tree heads met: answers consistency proofs between
   * them, from any tree holding the bundle's log (the server's own; a tree grown here for tools), and the
   * heads it can prove (a tree that is behind proves fewer).
   */
  proofs: (
    treeHeads: BundleProofs['checkpoints'],
  ) => Promise<{
    heads: BundleProofs['checkpoints'];
    consistencyProof: (from: number, to: number) => Buffer[];
  }>;
  partEvents?: number;
  partBytes?: number;
}

/**
 * A format 4 bundle, member by member as the events are read: public-keys.json, the event parts (each
 * yielded once full: at most `partEvents` events or about `partBytes` bytes), proofs.json, then manifest.json
 * with the SHA-256 and size of each part and of all event parts together. Memory: one part.
 */
export async function* bundleMembers(source: BundleSource): AsyncGenerator<BundleMember> {
  const partEvents = source.partEvents ?? PART_EVENTS;
  const partBytes = source.partBytes ?? PART_BYTES;
  const keys = keysPart(source.keys);
  const parts: Record<string, BundlePart> = { [KEYS_FILE]: keys.part };
  yield { name: KEYS_FILE, data: Buffer.from(keys.text) };
  const digest = new BundleDigest();
  const eventParts: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  const cut = (): BundleMember => {
    const name = eventPartName(eventParts.length + 1);
    const data = Buffer.from(lines.join(''));
    parts[name] = {
      sha256: createHash('sha256').update(data).digest('hex'),
      bytes: data.length,
      events: lines.length,
    };
    eventParts.push(name);
    lines = [];
    bytes = 0;
    return { name, data };
  };
  for await (const event of source.events) {
    const line = digest.add(event);
    lines.push(line);
    bytes += line.length;
    if (lines.length >= partEvents || bytes >= partBytes) yield cut();
  }
  if (lines.length > 0) yield cut();
  const { heads, consistencyProof } = await source.proofs(digest.treeHeads);
  const proofs = proofsPart(heads, consistencyProof);
  parts[PROOFS_FILE] = proofs.part;
  yield { name: PROOFS_FILE, data: Buffer.from(proofs.text) };
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: source.createdAt.toISOString(),
    events: digest.events,
    lastPosition: digest.lastPosition,
    parts,
    eventParts,
    allEvents: digest.part(),
    latestCheckpoint: digest.latestCheckpoint,
  };
  yield { name: MANIFEST_FILE, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) };
}

/** The members as one ustar archive, a member at a time (header, content, padding), then its end. */
export async function* tarOf(members: AsyncIterable<BundleMember>, mtime: Date): AsyncGenerator<Buffer> {
  for await (const { name, data } of members) {
    yield tarHeader(name, data.length, mtime);
    yield data;
    const padding = tarPadding(data.length);
    if (padding.length > 0) yield padding;
  }
  yield TAR_END;
}

/** Proofs from a tree grown here over the events as they go by (for tools and tests: it keeps every leaf). */
function growingTree(events: BundleSource['events']): {
  events: AsyncGenerator<BundleEvent>;
  proofs: BundleSource['proofs'];
} {
  const tree = new MemoryMerkleTree();
  return {
    events: (async function* () {
      for await (const event of events) {
        tree.append(leafHash(leafDataOf(event.metadata.hash)));
        yield event;
      }
    })(),
    proofs: (heads) =>
      Promise.resolve({ heads, consistencyProof: (from, to) => tree.consistencyProof(from, to) }),
  };
}

/**
 * Writes an evidence bundle as a directory, for tools and tests (the API streams the same members as a tar
 * from its own tree). Format 4 (default): public-keys.json, events/NNNNNN.ndjson, proofs.json, manifest.json.
 * Format 3: events.ndjson (the stored log, in position order), public-keys.json, proofs.json, manifest.json.
 */
export async function writeBundle(
  dir: string,
  source: {
    events: AsyncIterable<BundleEvent> | Iterable<BundleEvent>;
    keys: readonly PublicKeyEntry[];
    createdAt: Date;
    format?: 3 | 4;
    partEvents?: number;
  },
): Promise<BundleManifest> {
  if (source.format === 3) return writeBundleV3(dir, source);
  mkdirSync(join(dir, EVENTS_DIR), { recursive: true });
  const grown = growingTree(source.events);
  let manifest = '';
  for await (const member of bundleMembers({ ...source, ...grown })) {
    writeFileSync(join(dir, member.name), member.data);
    if (member.name === MANIFEST_FILE) manifest = member.data.toString('utf8');
  }
  return JSON.parse(manifest) as BundleManifest;
}

async function writeBundleV3(
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
  for await (const event of source.events) {
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
