import * as crypto from 'node:crypto';
import { canonicalJson, canonicalJsonWithout } from './canonical-json';

/** prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a link of the chain covers: everything about the event except its own hash. */
export interface HashableEvent {
  streamId: string;
  revision: bigint | number;
  type: string;
  data: unknown;
  /** The envelope, including `prevHash`; a `hash` member, if present, is ignored. */
  metadata: Record<string, unknown>;
  /** The text the stored hash claims to cover, when the source holds it (evidence bundle lines do). */
  hashedText?: string;
}

/** Node's one-shot hash (20.12+) where there is one: no Hash object per event. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text) : crypto.createHash('sha256').update(text).digest('hex');
}

/**
 * What the hash covers: canonicalJson({ streamId, revision, type, data, metadata without hash }), keys in
 * their sorted order, written out directly.
 */
export function canonicalEventBody(event: HashableEvent): string {
  const data = event.data === undefined ? '' : `"data":${canonicalJson(event.data)},`;
  return (
    `{${data}"metadata":${canonicalJsonWithout(event.metadata, 'hash')},` +
    `"revision":${canonicalJson(Number(event.revision))},"streamId":${canonicalJson(event.streamId)},` +
    `"type":${canonicalJson(event.type)}}`
  );
}

/** SHA-256 over the canonical JSON of the event and the previous hash of its stream. */
export function computeEventHash(event: HashableEvent): string {
  return sha256Hex(canonicalEventBody(event));
}

/**
 * True when `storedHash` is the SHA-256 of the event as read, answered without re-serialising when it can.
 *
 * 1. `hashedText` (a bundle line's event text): the hash of those very bytes.
 * 2. The native JSON.stringify of the event's values in the body's key order: the canonical text when every
 *    object holds its keys sorted, as stored events and bundle lines do.
 * 3. Otherwise the canonical text (computeEventHash).
 * Each candidate text is what was read, written out faithfully, so a match means these values are the ones
 * that were hashed; a link that an honest writer hashed only ever matches its canonical text. A forger who
 * re-hashes an unchecked tail can do so in any of the three forms alike: checkpoints and links catch that.
 */
export function eventHashMatches(event: HashableEvent, storedHash: string): boolean {
  if (event.hashedText !== undefined && sha256Hex(event.hashedText) === storedHash) return true;
  const { hash: _ignored, ...metadata } = event.metadata;
  const body = JSON.stringify({
    data: event.data,
    metadata,
    revision: Number(event.revision),
    streamId: event.streamId,
    type: event.type,
  });
  return sha256Hex(body) === storedHash || computeEventHash(event) === storedHash;
}
