import { canonicalEventBody } from '../hash-chain/event-hash';
import type { AuditEvent } from '../verifier/audit-event';

/**
 * Format 4: the lines of format 3 in numbered parts (`events/000001.ndjson`, ...), each at most PART_EVENTS
 * events or PART_BYTES bytes, and the manifest as the tar's LAST member, so a server streams a bundle as it
 * reads the log (a tar header needs its member's size, known for a part once it is full) with one part in
 * memory. Format 3: one events.ndjson (lines of format 2: each line's `event` is the exact text its hash
 * covers) with proofs.json, the signed tree heads and the consistency proofs between them, manifest first.
 * Formats 1 to 3 are still read.
 */
export const BUNDLE_FORMAT = 'migration-tracker-evidence/4';
export const BUNDLE_FORMAT_3 = 'migration-tracker-evidence/3';
export const MANIFEST_FILE = 'manifest.json';
/** Formats 1 to 3: every event in one file. */
export const EVENTS_FILE = 'events.ndjson';
/** Format 4: the folder of the numbered event parts. */
export const EVENTS_DIR = 'events';
export const PART_EVENTS = 10_000;
export const PART_BYTES = 4 << 20;
/** The name of the `index`-th event part (from 1). */
export const eventPartName = (index: number): string =>
  `${EVENTS_DIR}/${String(index).padStart(6, '0')}.ndjson`;
export const EVENT_PART_NAME = /^events\/\d{6}\.ndjson$/;
export const KEYS_FILE = 'public-keys.json';
export const PROOFS_FILE = 'proofs.json';

/**
 * proofs.json: every signed tree head among the bundle's events, in order, and the RFC 9162 consistency proof
 * from each to the next, so an auditor sees without recomputing that each signed tree extends the one before.
 */
export interface BundleProofs {
  checkpoints: { sequence: number; treeSize: number; rootHash: string; note: string }[];
  consistency: { from: number; to: number; hashes: string[] }[];
}

export interface BundlePart {
  sha256: string;
  bytes: number;
  /** Format 4, event parts: the events (lines) it holds. */
  events?: number;
}

/** The bundle's table of contents: the SHA-256 of each part, and what the log held when it was cut. */
export interface BundleManifest {
  format: string;
  createdAt: string;
  events: number;
  lastPosition: number;
  parts: Record<string, BundlePart>;
  /** Format 4: the event parts in log order (each also in `parts`). */
  eventParts?: string[];
  /** Format 4: SHA-256 and size of the event parts one after the other (format 3's events.ndjson). */
  allEvents?: BundlePart;
  latestCheckpoint: {
    revision: number;
    hash: string;
    sequence: number;
    globalPosition: number;
    treeSize?: number;
    rootHash?: string;
  } | null;
}

/**
 * One stored event as one line of events.ndjson (format 2), never upcast, so hashes still verify:
 *
 *   {"position":7,"id":"…","recordedAt":"…","hash":"<sha256>","event":{"data":…,"metadata":…,"revision":…,…}}
 *
 * `event` is written as the exact canonical JSON its hash covers (its envelope without `hash`), so anyone
 * can check a line with any SHA-256 tool, and the verifier hashes those bytes instead of re-serialising.
 * Format 1 lines (the canonical JSON of the whole event, `hash` inside `metadata`) are still read.
 */
export interface BundleEventLine {
  position: number;
  id: string | null;
  recordedAt: string | null;
  hash: string | null;
  event: {
    data?: unknown;
    metadata: Record<string, unknown>;
    revision: number;
    streamId: string;
    type: string;
  };
}

/** Format 1: the canonical JSON of the stored event. */
interface BundleEventLineV1 {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** Printable ASCII but `"` and `\\`: JSON writes such a string as it is, between quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify of a line's scalar, without its cost for the plain strings and integers lines hold. */
function jsonScalar(value: unknown): string {
  if (typeof value === 'string' && PLAIN.test(value)) return `"${value}"`;
  if (Number.isSafeInteger(value)) return String(value);
  return JSON.stringify(value ?? null);
}

function linePrefix(position: unknown, id: unknown, recordedAt: unknown, hash: unknown): string {
  return `{"position":${jsonScalar(position)},"id":${jsonScalar(id)},"recordedAt":${jsonScalar(recordedAt)},"hash":${jsonScalar(hash)},"event":`;
}

/** An event as a bundle holds it: the stored form, with the store's event id and commit time. */
export type BundleEvent = AuditEvent & { id?: string; recordedAt?: string };

export function eventLine(event: BundleEvent): string {
  const prefix = linePrefix(Number(event.position), event.id, event.recordedAt, event.metadata.hash);
  return `${prefix}${canonicalEventBody(event)}}\n`;
}

function unreadable(lineNumber: number, error: unknown): AuditEvent {
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

/**
 * Reads a line of either format. For format 2, `hashedText` is the event's text when the line is exactly
 * `prefix + text + "}"` with the prefix written back from the parsed values: the text then holds the parsed
 * event and nothing else, unless it continues with a second "event" member after the first, and such a text
 * is never what an honest writer hashed (it is not one JSON object), so it can only match a forged hash.
 */
export function parseEventLine(text: string, lineNumber: number): BundleEvent {
  try {
    const line = JSON.parse(text) as BundleEventLine | BundleEventLineV1;
    if (!('event' in line)) {
      return {
        position: BigInt(line.position),
        streamId: String(line.streamId),
        revision: BigInt(line.revision),
        type: String(line.type),
        data: line.data,
        metadata: line.metadata ?? {},
      };
    }
    const { event } = line;
    const metadata =
      typeof event.metadata === 'object' && event.metadata !== null
        ? event.metadata
        : ({} as Record<string, unknown>);
    metadata.hash = line.hash ?? undefined;
    const prefix = linePrefix(line.position, line.id, line.recordedAt, line.hash);
    const framed = text.startsWith(prefix) && text.endsWith('}');
    return {
      position: BigInt(line.position),
      streamId: String(event.streamId),
      revision: BigInt(event.revision),
      type: String(event.type),
      data: event.data,
      metadata,
      hashedText: framed ? text.slice(prefix.length, -1) : undefined,
      id: line.id ?? undefined,
      recordedAt: line.recordedAt ?? undefined,
    };
  } catch (error) {
    return unreadable(lineNumber, error);
  }
}
