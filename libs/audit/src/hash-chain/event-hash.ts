import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

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
  const { hash: _ignored, ...metadata } = event.metadata;
  const body = canonicalJson({
    streamId: event.streamId,
    revision: Number(event.revision),
    type: event.type,
    data: event.data,
    metadata,
  });
  return createHash('sha256').update(body).digest('hex');
}
