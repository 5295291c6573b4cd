import { createHash } from 'node:crypto';
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
}

/** SHA-256 over the canonical JSON of the event and the previous hash of its stream. */
export function computeEventHash(event: HashableEvent): string {
  // canonicalJson({ streamId, revision, type, data, metadata without hash }), keys in their sorted order,
  // written out directly: this runs for every event of every verification.
  const data = event.data === undefined ? '' : `"data":${canonicalJson(event.data)},`;
  const body =
    `{${data}"metadata":${canonicalJsonWithout(event.metadata, 'hash')},` +
    `"revision":${canonicalJson(Number(event.revision))},"streamId":${canonicalJson(event.streamId)},` +
    `"type":${canonicalJson(event.type)}}`;
  return createHash('sha256').update(body).digest('hex');
}
