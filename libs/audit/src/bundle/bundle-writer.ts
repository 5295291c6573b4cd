import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { AUDIT_STREAM, CHECKPOINT_SIGNED, asCheckpointData } from '../checkpoint/checkpoint';
import type { PublicKeyEntry } from '../checkpoint/key-store';
import type { AuditEventSource } from '../verifier/audit-event';
import {
  BUNDLE_FORMAT,
  eventLine,
  EVENTS_FILE,
  KEYS_FILE,
  MANIFEST_FILE,
  type BundleEvent,
  type BundleManifest,
  type BundlePart,
} from './bundle-format';

/** Tracks what the manifest needs while the events go by: size, SHA-256, the latest checkpoint. */
export class BundleDigest {
  private readonly hash = createHash('sha256');
  bytes = 0;
  events = 0;
  lastPosition = 0;
  latestCheckpoint: BundleManifest['latestCheckpoint'] = null;

  add(event: BundleEvent): string {
    const line = eventLine(event);
    this.hash.update(line);
    this.bytes += Buffer.byteLength(line);
    this.events += 1;
    this.lastPosition = Number(event.position);
    const checkpoint =
      event.streamId === AUDIT_STREAM && event.type === CHECKPOINT_SIGNED && asCheckpointData(event.data);
    if (checkpoint) {
      this.latestCheckpoint = {
        revision: Number(event.revision),
        hash: String(event.metadata.hash),
        sequence: checkpoint.sequence,
        globalPosition: checkpoint.globalPosition,
      };
    }
    return line;
  }

  part(): BundlePart {
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

export function keysPart(keys: readonly PublicKeyEntry[]): { text: string; part: BundlePart } {
  const text = `${JSON.stringify(keys, null, 2)}\n`;
  return {
    text,
    part: { sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) },
  };
}

export function manifestText(
  digest: BundleDigest,
  events: BundlePart,
  keys: BundlePart,
  createdAt: Date,
): string {
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: createdAt.toISOString(),
    events: digest.events,
    lastPosition: digest.lastPosition,
    parts: { [EVENTS_FILE]: events, [KEYS_FILE]: keys },
    latestCheckpoint: digest.latestCheckpoint,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Writes an evidence bundle as a directory: events.ndjson (the stored log, in position order),
 * public-keys.json (every checkpoint key) and manifest.json (SHA-256 and size of each part).
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
  for await (const event of source.events as AuditEventSource) {
    if (!out.write(digest.add(event))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const keys = keysPart(source.keys);
  writeFileSync(join(dir, KEYS_FILE), keys.text);
  const manifest = manifestText(digest, digest.part(), keys.part, source.createdAt);
  writeFileSync(join(dir, MANIFEST_FILE), manifest);
  return JSON.parse(manifest) as BundleManifest;
}
