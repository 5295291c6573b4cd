import { createHash } from 'node:crypto';
import { leafDataOf, leafHash, verifyInclusion, type TreeHeadData } from '@app/audit';
import { isEd25519PublicKey, openCheckpointNote } from './signed-checkpoint';

/**
 * A proof file: one event, its RFC 9162 inclusion proof and the signed checkpoint it leads to, with the
 * signer's public key. Everything needed to check, offline, that the event is in the log the server signed.
 */
export const PROOF_FORMAT = 'migration-tracker-proof/1';

export interface ProofFile {
  format: typeof PROOF_FORMAT;
  /** The log's name: the checkpoint note's origin. */
  origin: string;
  event: {
    /** Global position on the server (its leaf is `leafIndex`). */
    position: number;
    streamId: string;
    revision: number;
    type: string;
    /** The event's stored hash, hex: SHA-256 of `canonical`; the leaf's data. */
    hash: string;
    /** The exact text the hash covers: the event, its envelope and its stream's previous hash. */
    canonical: string;
  };
  leafIndex: number;
  treeSize: number;
  /** The audit path, bottom up, hex. */
  hashes: string[];
  /** The signed tree head of `treeSize`; only `note` is signed, the other fields repeat or annotate it. */
  checkpoint: { note: string; treeSize: number; rootHash: string; signedAt: string; keyId: string };
  /** The key that signed the checkpoint, as the server gave it: pin one obtained independently instead. */
  publicKeyPem: string;
}

/** GET /audit/proofs/inclusion, as far as a proof file needs it. */
export interface InclusionAnswer {
  leafIndex: number;
  treeSize: number;
  position: number;
  hashes: string[];
  rootHash: string;
  event: { streamId: string; revision: number; type: string; hash: string; canonical: string };
}

/** A signed checkpoint as the API shows it (GET /audit/checkpoints/latest and friends): the stored data. */
export type CheckpointAnswer = TreeHeadData;

export function buildProofFile(
  inclusion: InclusionAnswer,
  checkpoint: CheckpointAnswer,
  publicKeyPem: string,
): ProofFile {
  const { streamId, revision, type, hash, canonical } = inclusion.event;
  return {
    format: PROOF_FORMAT,
    origin: checkpoint.origin,
    event: { position: inclusion.position, streamId, revision, type, hash, canonical },
    leafIndex: inclusion.leafIndex,
    treeSize: inclusion.treeSize,
    hashes: inclusion.hashes,
    checkpoint: {
      note: checkpoint.note,
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash,
      signedAt: checkpoint.signedAt,
      keyId: checkpoint.keyId,
    },
    publicKeyPem,
  };
}

/** What a proof file proves, once every check passed. */
export interface ProvenEvent {
  type: string;
  streamId: string;
  revision: number;
  position: number;
  /** From the hashed text itself. */
  data: Record<string, unknown>;
  occurredAt?: string;
  recordedAt?: string;
  actor?: string;
  hash: string;
  leafIndex: number;
  treeSize: number;
  origin: string;
  rootHash: string;
  /** Id of the key whose signature verified (computed from the key, not read from the file). */
  keyId: string;
  /** When the server says it signed (not covered by the signature). */
  signedAt: string;
}

export type ProofCheck = { ok: true; proven: ProvenEvent } | { ok: false; reason: string };

const HEX_HASH = /^[0-9a-f]{64}$/;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isIndex = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** The first thing wrong with the file's shape, or undefined when it is a proof file. */
function shapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not a JSON object';
  if (value.format !== PROOF_FORMAT) return `its format is not ${PROOF_FORMAT}`;
  if (typeof value.origin !== 'string') return 'origin is missing';
  const event = value.event;
  if (!isObject(event)) return 'event is missing';
  if (!isIndex(event.position) || !isIndex(event.revision))
    return 'event.position or event.revision is missing';
  for (const field of ['streamId', 'type', 'canonical'] as const) {
    if (typeof event[field] !== 'string') return `event.${field} is missing`;
  }
  if (typeof event.hash !== 'string' || !HEX_HASH.test(event.hash)) return 'event.hash is not 64 hex digits';
  if (!isIndex(value.leafIndex) || !isIndex(value.treeSize)) return 'leafIndex or treeSize is missing';
  const hashes = value.hashes;
  if (!Array.isArray(hashes) || !hashes.every((hash) => typeof hash === 'string' && HEX_HASH.test(hash))) {
    return 'hashes is not a list of 64-hex-digit hashes';
  }
  const checkpoint = value.checkpoint;
  if (!isObject(checkpoint)) return 'checkpoint is missing';
  if (typeof checkpoint.note !== 'string' || !isIndex(checkpoint.treeSize))
    return 'checkpoint.note is missing';
  if (typeof checkpoint.rootHash !== 'string' || typeof checkpoint.signedAt !== 'string') {
    return 'checkpoint.rootHash or checkpoint.signedAt is missing';
  }
  if (typeof value.publicKeyPem !== 'string') return 'publicKeyPem is missing';
  return undefined;
}

/**
 * Checks a proof file, offline, step by step: the event's text hashes to its hash; that text is the event
 * the file names; its leaf leads by the audit path to the root of the checkpoint; the checkpoint note is
 * signed by `publicKeyPem` under its origin's name and says that size and that root.
 * `publicKeyPem` is the key to trust: a pinned one, or the file's own when the caller has none.
 */
export function checkProofFile(value: unknown, publicKeyPem: string): ProofCheck {
  const fail = (reason: string): ProofCheck => ({ ok: false, reason });
  const shape = shapeProblem(value);
  if (shape) return fail(`not a proof file: ${shape}`);
  const file = value as ProofFile;
  const { event } = file;

  // 1. The hashed text is the one the hash covers.
  const computed = createHash('sha256').update(event.canonical, 'utf8').digest('hex');
  if (computed !== event.hash) {
    return fail(
      `the event's text does not hash to its hash: SHA-256(event.canonical) is ${computed}, event.hash is ${event.hash}`,
    );
  }

  // 2. That text is the event the file says it is.
  let body: unknown;
  try {
    body = JSON.parse(event.canonical);
  } catch {
    return fail('the event text (event.canonical) is not JSON');
  }
  if (!isObject(body)) return fail('the event text (event.canonical) is not a JSON object');
  for (const field of ['streamId', 'revision', 'type'] as const) {
    if (body[field] !== event[field]) {
      return fail(
        `the event text says ${field} ${JSON.stringify(body[field])}, the file says ${JSON.stringify(event[field])}`,
      );
    }
  }
  const metadata = isObject(body.metadata) ? body.metadata : {};
  const data = isObject(body.data) ? body.data : {};

  // 3. The checkpoint: signed by the key under its origin, and saying what the file says.
  if (!isEd25519PublicKey(publicKeyPem)) return fail('the public key is not an Ed25519 key in PEM');
  const opened = openCheckpointNote(file.checkpoint.note, publicKeyPem);
  if ('problem' in opened) return fail(opened.problem);
  const signed = opened.checkpoint;
  if (signed.origin !== file.origin) {
    return fail(`the checkpoint note is of the log ${signed.origin}, the file says ${file.origin}`);
  }
  if (signed.treeSize !== file.treeSize || signed.treeSize !== file.checkpoint.treeSize) {
    return fail(
      `the checkpoint note signs a tree of ${signed.treeSize} entries, the proof is for ${file.treeSize} (checkpoint.treeSize ${file.checkpoint.treeSize})`,
    );
  }
  if (signed.rootHash !== file.checkpoint.rootHash) {
    return fail(
      `the checkpoint note signs root ${signed.rootHash}, checkpoint.rootHash says ${file.checkpoint.rootHash}`,
    );
  }

  // 4. The event's leaf, by the audit path, to the signed root.
  const leaf = leafHash(leafDataOf(event.hash));
  const path = file.hashes.map((hash) => Buffer.from(hash, 'hex'));
  if (!verifyInclusion(leaf, file.leafIndex, file.treeSize, path, Buffer.from(signed.rootHash, 'hex'))) {
    return fail(
      `the audit path does not lead from the event's leaf (entry ${file.leafIndex}) to the signed root of the tree of ${file.treeSize}`,
    );
  }

  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    ok: true,
    proven: {
      type: event.type,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      data,
      occurredAt: text(metadata.occurredAt),
      recordedAt: text(metadata.recordedAt),
      actor: text(metadata.actor),
      hash: event.hash,
      leafIndex: file.leafIndex,
      treeSize: file.treeSize,
      origin: signed.origin,
      rootHash: signed.rootHash,
      keyId: signed.keyId,
      signedAt: file.checkpoint.signedAt,
    },
  };
}

/** `evidence "CHG-…", market "IN"`: the event's data fields, long values cut short. */
export function describeData(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([key, value]) => {
      const shown = JSON.stringify(value) ?? String(value);
      return `${key} ${shown.length > 200 ? `${shown.slice(0, 197)}...` : shown}`;
    })
    .join(', ');
}

/** The event in plain words: what it is, when and by whom, and what it says. */
export function describeEvent(p: ProvenEvent): string {
  const when = [
    p.occurredAt ? `occurred ${p.occurredAt}` : undefined,
    p.recordedAt ? `recorded ${p.recordedAt}` : undefined,
    p.actor ? `by ${p.actor}` : undefined,
  ].filter((part) => part !== undefined);
  const details = [when.join(', '), describeData(p.data)].filter((part) => part !== '');
  return (
    `${p.type} of ${p.streamId}, revision ${p.revision}, position ${p.position}` +
    (details.length ? ` (${details.join('; ')})` : '')
  );
}

/** "is entry i of the log o of size n, root r, signed by key k on t" */
export function describeInclusion(p: ProvenEvent): string {
  return `is entry ${p.leafIndex} of the log ${p.origin} of size ${p.treeSize}, root ${p.rootHash}, signed by key ${p.keyId} on ${p.signedAt}`;
}
