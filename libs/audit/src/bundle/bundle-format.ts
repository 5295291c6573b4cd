import { canonicalJson } from '../hash-chain/canonical-json';
import type { AuditEvent } from '../verifier/audit-event';

export const BUNDLE_FORMAT = 'migration-tracker-evidence/1';
export const MANIFEST_FILE = 'manifest.json';
export const EVENTS_FILE = 'events.ndjson';
export const KEYS_FILE = 'public-keys.json';

export interface BundlePart {
  sha256: string;
  bytes: number;
}

/** The bundle's table of contents: the SHA-256 of each part, and what the log held when it was cut. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  createdAt: string;
  events: number;
  lastPosition: number;
  parts: Record<string, BundlePart>;
  latestCheckpoint: { revision: number; hash: string; sequence: number; globalPosition: number } | null;
}

/** One stored event, as one line of events.ndjson: the stored form, never upcast, so hashes still verify. */
export interface BundleEventLine {
  position: number;
  streamId: string;
  revision: number;
  id?: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt?: string;
}

export function eventLine(event: AuditEvent & { id?: string; recordedAt?: string }): string {
  const line: BundleEventLine = {
    position: Number(event.position),
    streamId: event.streamId,
    revision: Number(event.revision),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
  return `${canonicalJson(line)}\n`;
}

export function parseEventLine(text: string, lineNumber: number): AuditEvent {
  try {
    const line = JSON.parse(text) as BundleEventLine;
    return {
      position: BigInt(line.position),
      streamId: String(line.streamId),
      revision: BigInt(line.revision),
      type: String(line.type),
      data: line.data,
      metadata: line.metadata ?? {},
    };
  } catch (error) {
    return {
      position: BigInt(lineNumber),
      streamId: 'unknown',
      revision: -1n,
      type: 'unknown',
      data: undefined,
      metadata: {},
      unreadable: `line ${lineNumber}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
