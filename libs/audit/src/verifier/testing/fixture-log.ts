import { generateKeyPairSync } from 'node:crypto';
import {
  AUDIT_STREAM,
  CHECKPOINT_SIGNED,
  checkpointSigningBytes,
  rotationSigningBytes,
  SIGNING_KEY_ROTATED,
  type CheckpointBody,
  type StreamHead,
} from '../../checkpoint/checkpoint';
import { keyIdOf, signBytes } from '../../checkpoint/checkpoint-signer';
import type { SigningKey } from '../../checkpoint/key-store';
import { signTreeHead, type TreeHeadData } from '../../checkpoint/tree-head';
import { leafHash } from '../../merkle/merkle-hash';
import { MemoryMerkleTree } from '../../merkle/memory-merkle-tree';
import { leafDataOf } from '../../tlog/leaf-data';
import { computeEventHash, GENESIS_HASH } from '../../hash-chain/event-hash';
import type { AuditEvent } from '../audit-event';

export function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: keyIdOf(publicKeyPem), privateKey, publicKeyPem };
}

/** Builds a well-formed log event by event: chained per stream, checkpoints signed like the server's. */
export class FixtureLog {
  readonly events: AuditEvent[] = [];
  private readonly heads = new Map<string, StreamHead>();
  private sequence = 0;
  /** The Merkle tree over the events so far, as the server keeps it. */
  readonly tree = new MemoryMerkleTree();
  origin = 'tracker.test/log';

  append(streamId: string, type: string, data: Record<string, unknown>): AuditEvent {
    const head = this.heads.get(streamId);
    const revision = head ? head.revision + 1 : 0;
    const metadata: Record<string, unknown> = { actor: 'ops', prevHash: head?.hash ?? GENESIS_HASH };
    const event: AuditEvent = {
      position: BigInt(this.events.length + 1),
      streamId,
      revision: BigInt(revision),
      type,
      data,
      metadata,
    };
    metadata.hash = computeEventHash(event);
    this.events.push(event);
    this.tree.append(leafHash(leafDataOf(metadata.hash)));
    this.heads.set(streamId, { revision, hash: metadata.hash as string });
    return event;
  }

  steps(streamId: string, count: number): void {
    for (let i = 0; i < count; i++) this.append(streamId, 'BatchCopied', { batchId: `b${i}`, users: 10 });
  }

  /** Signs the current heads; `edit` may change the body before signing (to forge a bad one). */
  checkpoint(key: SigningKey, edit: (body: CheckpointBody) => void = () => undefined): AuditEvent {
    const heads = Object.fromEntries([...this.heads].filter(([stream]) => stream !== AUDIT_STREAM));
    const body: CheckpointBody = {
      sequence: ++this.sequence,
      globalPosition: this.events.length,
      heads,
      signedAt: '2014-07-01T00:00:00.000Z',
      keyId: key.keyId,
      reason: 'on_demand',
    };
    edit(body);
    const signature = signBytes(checkpointSigningBytes(body), key.privateKey);
    return this.append(AUDIT_STREAM, CHECKPOINT_SIGNED, { ...body, signature });
  }

  /**
   * Signs the head of the tree over every event so far, as the server does (schema 2); `edit` may change the
   * stored fields, `size` sign a smaller tree, `signer` sign with another key than the one named.
   */
  treeHead(
    key: SigningKey,
    options: { edit?: (data: TreeHeadData) => void; size?: number; root?: Buffer; sequence?: number } = {},
  ): AuditEvent {
    const treeSize = options.size ?? this.tree.size;
    const root = options.root ?? this.tree.rootAt(treeSize);
    const data: TreeHeadData = {
      sequence: options.sequence ?? ++this.sequence,
      origin: this.origin,
      treeSize,
      rootHash: root.toString('hex'),
      position: treeSize === 0 ? 0 : Number(this.events[treeSize - 1].position),
      note: signTreeHead({ origin: this.origin, treeSize, rootHash: root }, key),
      keyId: key.keyId,
      signedAt: '2014-07-01T00:00:00.000Z',
      reason: 'on_demand',
    };
    options.edit?.(data);
    return this.append(AUDIT_STREAM, CHECKPOINT_SIGNED, { ...data });
  }

  rotate(from: SigningKey, to: SigningKey, signer: SigningKey = from): AuditEvent {
    const body = {
      previousKeyId: from.keyId,
      keyId: to.keyId,
      publicKeyPem: to.publicKeyPem,
      rotatedAt: '2014-07-01T00:00:00.000Z',
    };
    const signature = signBytes(rotationSigningBytes(body), signer.privateKey);
    return this.append(AUDIT_STREAM, SIGNING_KEY_ROTATED, { ...body, signature });
  }

  auditStream(): AuditEvent[] {
    return this.events.filter((event) => event.streamId === AUDIT_STREAM);
  }
}
