import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  asCheckpointData,
  asTreeHeadData,
  AUDIT_STREAM,
  CHECKPOINT_SIGNED,
  envelopeEvents,
  FileKeyStore,
  GENESIS_HASH,
  rotationSigningBytes,
  signBytes,
  signTreeHead,
  SIGNING_KEY_ROTATED,
  type CheckpointReason,
  type KeyRotationBody,
  type TreeHeadData,
} from '@app/audit';
import {
  EVENT_STORE,
  WrongExpectedRevisionError,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
} from '@app/event-store';
import type { Principal } from '../../auth/principal';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import { ApiError } from '../../errors/api.errors';
import { CLOCK, type Clock } from '../../shared/clock';
import { KeyedMutex } from '../../shared/keyed-mutex';
import { MerkleTreeService } from '../tree/merkle-tree.service';

/** Periodic checkpoints and rotations are signed by the tracker itself, outside the API's roles. */
const SYSTEM = { name: 'system', role: 'system' } as unknown as Principal;
/** Schema 2 of CheckpointSigned: a signed tree head (schema 1 signed every stream's head). */
export const TREE_HEAD_SCHEMA_VERSION = 2;
/** Replicas racing for the next checkpoint: the loser re-reads and tries again this many times. */
const ATTEMPTS = 5;

/** A checkpoint as the API shows it: the signed tree head, and where its event is in the log. */
export interface SignedCheckpoint extends TreeHeadData {
  /** The CheckpointSigned event itself: keep `revision:hash` as an anchor for later checks. */
  event: { streamId: string; revision: number; position: number; hash: string };
}

/** The log no longer holds what an earlier checkpoint signed: refusing to sign over it. */
export class LogDivergedError extends ApiError {
  constructor(sequence: number, treeSize: number, signed: string, actual: string) {
    super(
      409,
      'log_diverged',
      `The log's first ${treeSize} events no longer hash to the root signed by checkpoint ${sequence}; no new checkpoint is signed over it. Run GET /audit/verify to locate the change.`,
      { sequence, treeSize, signedRoot: signed, actualRoot: actual },
    );
  }
}

interface AuditHead {
  /** Revision of the audit stream's last event; undefined when the stream does not exist. */
  revision: bigint | undefined;
  /** The latest signed tree head, if any. */
  latest: SignedCheckpoint | undefined;
  /** Sequence of the latest checkpoint of either schema (0 when none). */
  sequence: number;
  /** When the latest checkpoint of either schema was signed. */
  signedAt: number | undefined;
}

/**
 * Signs the head of the Merkle tree over the whole log (RFC 9162) as a C2SP signed note, and stores it as
 * a CheckpointSigned event. Appends carry the audit stream's exact expected revision: two replicas can never
 * store two checkpoints after the same one; the loser re-reads, and returns the winner's when it covers as
 * much. Nothing new since the latest checkpoint (only checkpoints after it): the latest is returned.
 */
@Injectable()
export class CheckpointService {
  private readonly logger = new Logger('Checkpoints');
  private readonly mutex = new KeyedMutex();
  private head: AuditHead | undefined;
  private readonly startedAt: number;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: FileKeyStore,
    private readonly trees: MerkleTreeService,
  ) {
    this.startedAt = clock().getTime();
  }

  /** The latest signed tree head (read from the store: another replica may have signed since). */
  async latest(): Promise<SignedCheckpoint | undefined> {
    return (await this.readHead()).latest;
  }

  /** Signed tree heads, newest first, with sequence below `before` when given. */
  async list(limit: number, before?: number): Promise<SignedCheckpoint[]> {
    const found: SignedCheckpoint[] = [];
    for (const event of await this.store.readStream(AUDIT_STREAM, { direction: 'backwards' })) {
      const checkpoint = asSignedCheckpoint(event);
      if (!checkpoint || (before !== undefined && checkpoint.sequence >= before)) continue;
      found.push(checkpoint);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** On demand: a checkpoint covering every event so far; the latest one when nothing is new. */
  signNow(principal: Principal): Promise<SignedCheckpoint> {
    return this.mutex.run('audit', async () => {
      await this.trees.catchUp();
      return (await this.signIfNew('on_demand', principal, () => true)) as SignedCheckpoint;
    });
  }

  /**
   * Where an auditor's read of the log ends: a checkpoint is signed first when anything is new, and the read
   * stops at that checkpoint's own event, so every event in it is covered. Undefined (the whole log, as it
   * is) when the log no longer matches what was signed: the read then shows the auditor where.
   */
  async cutForAudit(principal: Principal): Promise<bigint | undefined> {
    try {
      return BigInt((await this.signNow(principal)).event.position);
    } catch (error) {
      if (!(error instanceof LogDivergedError)) throw error;
      this.logger.warn(`reading the log without a new checkpoint: ${error.message}`);
      return undefined;
    }
  }

  /** The periodic trigger: every N new events, or every M minutes when there is anything new. */
  signIfDue(): Promise<SignedCheckpoint | undefined> {
    return this.mutex.run('audit', async () => {
      await this.trees.catchUp();
      return this.signIfNew(
        undefined,
        SYSTEM,
        (pending, head) => {
          if (pending >= this.config.checkpointEveryEvents) return 'events';
          const elapsed = this.clock().getTime() - (head.signedAt ?? this.startedAt);
          return elapsed >= this.config.checkpointEveryMinutes * 60_000 ? 'interval' : false;
        },
        false,
      );
    });
  }

  /**
   * Replaces the signing key: the new public key is announced in the log, signed by the old key (so trust
   * passes on), then a checkpoint is signed with the new one. Old public keys stay in the key store.
   * A key from configuration is replaced there (every replica must sign with the same key).
   */
  rotateKey(
    principal: Principal,
  ): Promise<{ previousKeyId: string; keyId: string; checkpoint: SignedCheckpoint }> {
    return this.mutex.run('audit', async () => {
      if (this.keys.isConfigured) {
        throw new ApiError(
          409,
          'signing_key_configured',
          'The signing key comes from configuration (AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE): replace it there, on every replica.',
        );
      }
      await this.trees.catchUp();
      const previous = this.keys.current();
      const next = this.keys.generate();
      const body: KeyRotationBody = {
        previousKeyId: previous.keyId,
        keyId: next.keyId,
        publicKeyPem: next.publicKeyPem,
        rotatedAt: this.clock().toISOString(),
      };
      const signature = signBytes(rotationSigningBytes(body), previous.privateKey);
      const head = await this.readHead();
      await this.append(head, { type: SIGNING_KEY_ROTATED, data: { ...body, signature } }, principal);
      this.keys.install(next);
      await this.trees.catchUp();
      const checkpoint = await this.signIfNew('rotation', principal, () => true);
      return { previousKeyId: previous.keyId, keyId: next.keyId, checkpoint: checkpoint as SignedCheckpoint };
    });
  }

  /**
   * Signs the tree as it stands when `due` says so, given how many leaves came since the latest checkpoint.
   * With `orLatest`, nothing new answers the latest checkpoint instead of undefined.
   */
  private async signIfNew(
    reason: CheckpointReason | undefined,
    principal: Principal,
    due: (pending: number, head: AuditHead) => CheckpointReason | boolean,
    orLatest = true,
  ): Promise<SignedCheckpoint | undefined> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.readHead();
      const tree = this.trees.tree;
      const covered = head.latest?.treeSize ?? 0;
      const pending = tree.substantiveSize - covered;
      // Nothing but checkpoints since the latest (or an empty log): nothing to sign.
      if (pending <= 0 && (head.latest || !orLatest)) return orLatest ? head.latest : undefined;
      const verdict = due(pending, head);
      if (verdict === false) return undefined;
      this.assertExtends(head.latest);
      try {
        return await this.sign(head, reason ?? (verdict as CheckpointReason), principal);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= ATTEMPTS) throw error;
        // Another replica wrote to the audit stream first: read what it wrote, follow the log, decide again.
        this.head = undefined;
        await this.trees.catchUp();
      }
    }
  }

  /** Refuses to sign over a log whose start no longer hashes to what the latest checkpoint signed. */
  private assertExtends(latest: SignedCheckpoint | undefined): void {
    if (!latest) return;
    const tree = this.trees.tree;
    if (latest.treeSize > tree.size) return; // the tree will reach it: nothing to compare yet
    const actual = tree.rootAt(latest.treeSize).toString('hex');
    if (actual === latest.rootHash) return;
    const error = new LogDivergedError(latest.sequence, latest.treeSize, latest.rootHash, actual);
    this.logger.error(error.message);
    throw error;
  }

  private async sign(
    head: AuditHead,
    reason: CheckpointReason,
    principal: Principal,
  ): Promise<SignedCheckpoint> {
    const tree = this.trees.tree;
    const key = this.keys.current();
    const treeSize = tree.size;
    const root = tree.root();
    const origin = this.config.logOrigin;
    const data: TreeHeadData = {
      sequence: head.sequence + 1,
      origin,
      treeSize,
      rootHash: root.toString('hex'),
      position: Number(tree.lastPosition),
      note: signTreeHead({ origin, treeSize, rootHash: root }, key),
      keyId: key.keyId,
      signedAt: this.clock().toISOString(),
      reason,
    };
    const event = await this.append(
      head,
      { type: CHECKPOINT_SIGNED, data, schemaVersion: TREE_HEAD_SCHEMA_VERSION },
      principal,
    );
    const signed: SignedCheckpoint = { ...data, event };
    this.head = {
      revision: BigInt(event.revision),
      latest: signed,
      sequence: data.sequence,
      signedAt: Date.parse(data.signedAt),
    };
    return signed;
  }

  private async append(
    head: AuditHead,
    event: { type: string; data: object; schemaVersion?: number },
    principal: Principal,
  ): Promise<SignedCheckpoint['event']> {
    const [last] =
      head.revision === undefined
        ? []
        : await this.store.readStream(AUDIT_STREAM, { fromRevision: head.revision, maxCount: 1 });
    const { events, headHash } = envelopeEvents([event], {
      streamId: AUDIT_STREAM,
      firstRevision: head.revision === undefined ? 0n : head.revision + 1n,
      prevHash: last ? String(last.metadata.hash) : GENESIS_HASH,
      recordedAt: this.clock(),
      context: { actor: principal.name, role: principal.role, correlationId: randomUUID() },
      newId: randomUUID,
    });
    // The exact revision read: if anyone appended to the audit stream since, this append is refused.
    const result = await this.store.append(AUDIT_STREAM, events, {
      expectedRevision: head.revision ?? 'no_stream',
    });
    this.head = undefined;
    return {
      streamId: AUDIT_STREAM,
      revision: Number(result.nextRevision),
      position: Number(result.position),
      hash: headHash,
    };
  }

  /** The audit stream's head and latest checkpoint; re-read only when the stream moved on. */
  private async readHead(): Promise<AuditHead> {
    const [last] = await this.store.readStream(AUDIT_STREAM, { direction: 'backwards', maxCount: 1 });
    if (this.head && this.head.revision === last?.revision) return this.head;
    const head: AuditHead = { revision: last?.revision, latest: undefined, sequence: 0, signedAt: undefined };
    if (last) {
      for (const event of await this.store.readStream(AUDIT_STREAM, { direction: 'backwards' })) {
        if (event.type !== CHECKPOINT_SIGNED) continue;
        const tree = asSignedCheckpoint(event);
        const legacy = tree ? undefined : asCheckpointData(event.data);
        if (!tree && !legacy) continue;
        head.latest = tree;
        head.sequence = tree?.sequence ?? legacy?.sequence ?? 0;
        head.signedAt = Date.parse(tree?.signedAt ?? legacy?.signedAt ?? '');
        break;
      }
    }
    this.head = head;
    return head;
  }
}

function asSignedCheckpoint(event: RecordedEvent): SignedCheckpoint | undefined {
  if (event.type !== CHECKPOINT_SIGNED) return undefined;
  const data = asTreeHeadData(event.data as JsonObject);
  return (
    data && {
      ...data,
      event: {
        streamId: event.streamId,
        revision: Number(event.revision),
        position: Number(event.position),
        hash: String(event.metadata.hash),
      },
    }
  );
}
