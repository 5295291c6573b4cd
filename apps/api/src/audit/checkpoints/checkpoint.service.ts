import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  asCheckpointData,
  AUDIT_STREAM,
  CHECKPOINT_SIGNED,
  checkpointSigningBytes,
  FileKeyStore,
  GENESIS_HASH,
  rotationSigningBytes,
  signBytes,
  SIGNING_KEY_ROTATED,
  type CheckpointBody,
  type CheckpointReason,
  type KeyRotationBody,
  type StreamHead,
} from '@app/audit';
import { EVENT_STORE, type EventStore, type JsonObject } from '@app/event-store';
import type { Principal } from '../../auth/principal';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import { CLOCK, type Clock } from '../../shared/clock';
import { KeyedMutex } from '../../shared/keyed-mutex';
import { envelopeEvents } from '../../write/envelope';

/** Periodic checkpoints and rotations are signed by the tracker itself, outside the API's roles. */
const SYSTEM = { name: 'system', role: 'system' } as unknown as Principal;
const PAGE = 1000;

export interface SignedCheckpoint {
  sequence: number;
  globalPosition: number;
  streams: number;
  keyId: string;
  signedAt: string;
  reason: CheckpointReason;
  /** Where the checkpoint event itself was stored: keep `revision:hash` as an anchor for later checks. */
  streamId: string;
  revision: number;
  position: number;
  hash: string;
}

/**
 * Signs the heads of all streams. Heads are kept up to date incrementally from the log (one pass over the
 * new events since the last checkpoint), starting from the last checkpoint stored in the audit stream.
 */
@Injectable()
export class CheckpointService {
  private readonly mutex = new KeyedMutex();
  private readonly heads = new Map<string, StreamHead>();
  private position = 0n;
  private loaded = false;
  private sequence = 0;
  private lastCheckpointPosition = 0n;
  private lastSignedAt: number;
  private newEvents = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: FileKeyStore,
  ) {
    this.lastSignedAt = clock().getTime();
  }

  /** On demand: signs even when nothing changed since the last checkpoint (a fresh, dated statement). */
  signNow(principal: Principal): Promise<SignedCheckpoint> {
    return this.mutex.run('audit', async () => {
      await this.catchUp();
      return this.sign('on_demand', principal);
    });
  }

  /** The periodic trigger: every N new events, or every M minutes when there is anything new. */
  signIfDue(): Promise<SignedCheckpoint | undefined> {
    return this.mutex.run('audit', async () => {
      await this.catchUp();
      if (this.newEvents === 0) return undefined;
      if (this.newEvents >= this.config.checkpointEveryEvents) return this.sign('events', SYSTEM);
      const elapsed = this.clock().getTime() - this.lastSignedAt;
      if (elapsed >= this.config.checkpointEveryMinutes * 60_000) return this.sign('interval', SYSTEM);
      return undefined;
    });
  }

  /**
   * Replaces the signing key: the new public key is announced in the log, signed by the old key (so trust
   * passes on), then a checkpoint is signed with the new one. Old public keys stay in the key store.
   */
  rotateKey(
    principal: Principal,
  ): Promise<{ previousKeyId: string; keyId: string; checkpoint: SignedCheckpoint }> {
    return this.mutex.run('audit', async () => {
      await this.catchUp();
      const previous = this.keys.current();
      const next = this.keys.generate();
      const body: KeyRotationBody = {
        previousKeyId: previous.keyId,
        keyId: next.keyId,
        publicKeyPem: next.publicKeyPem,
        rotatedAt: this.clock().toISOString(),
      };
      const signature = signBytes(rotationSigningBytes(body), previous.privateKey);
      await this.append(SIGNING_KEY_ROTATED, { ...body, signature }, principal);
      this.keys.install(next);
      const checkpoint = await this.sign('rotation', principal);
      return { previousKeyId: previous.keyId, keyId: next.keyId, checkpoint };
    });
  }

  private async sign(reason: CheckpointReason, principal: Principal): Promise<SignedCheckpoint> {
    const key = this.keys.current();
    const signedAt = this.clock().toISOString();
    const body: CheckpointBody = {
      sequence: this.sequence + 1,
      globalPosition: Number(this.position),
      heads: Object.fromEntries([...this.heads].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      signedAt,
      keyId: key.keyId,
      reason,
    };
    const signature = signBytes(checkpointSigningBytes(body), key.privateKey);
    const stored = await this.append(
      CHECKPOINT_SIGNED,
      { ...body, signature } as unknown as JsonObject,
      principal,
    );
    this.sequence = body.sequence;
    this.lastCheckpointPosition = this.position;
    this.lastSignedAt = Date.parse(signedAt);
    this.newEvents = 0;
    return {
      sequence: body.sequence,
      globalPosition: body.globalPosition,
      streams: this.heads.size,
      keyId: key.keyId,
      signedAt,
      reason,
      ...stored,
    };
  }

  private async append(type: string, data: object, principal: Principal) {
    const [head] = await this.store.readStream(AUDIT_STREAM, { direction: 'backwards', maxCount: 1 });
    const revision = head?.revision ?? -1n;
    const now = this.clock();
    const { events, headHash } = envelopeEvents([{ type, data }], {
      streamId: AUDIT_STREAM,
      firstRevision: revision + 1n,
      prevHash: head ? String(head.metadata.hash) : GENESIS_HASH,
      recordedAt: now,
      context: { principal, correlationId: randomUUID() },
      newId: randomUUID,
    });
    const result = await this.store.append(AUDIT_STREAM, events, {
      expectedRevision: head ? revision : 'no_stream',
    });
    return {
      streamId: AUDIT_STREAM,
      revision: Number(result.nextRevision),
      position: Number(result.position),
      hash: headHash,
    };
  }

  /** Brings the heads up to the end of the log; the first time, from the last stored checkpoint. */
  private async catchUp(): Promise<void> {
    if (!this.loaded) await this.load();
    for (;;) {
      const page = await this.store.readAll({ fromPosition: this.position, maxCount: PAGE });
      for (const event of page) {
        this.position = event.position;
        if (event.streamId === AUDIT_STREAM) continue;
        this.heads.set(event.streamId, {
          revision: Number(event.revision),
          hash: String(event.metadata.hash),
        });
        if (event.position > this.lastCheckpointPosition) this.newEvents += 1;
      }
      if (page.length < PAGE) return;
    }
  }

  private async load(): Promise<void> {
    const [last] = (await this.store.readStream(AUDIT_STREAM, { direction: 'backwards' })).filter(
      (event) => event.type === CHECKPOINT_SIGNED,
    );
    const data = last && asCheckpointData(last.data);
    if (data) {
      for (const [stream, head] of Object.entries(data.heads)) this.heads.set(stream, head);
      this.position = BigInt(data.globalPosition);
      this.lastCheckpointPosition = this.position;
      this.sequence = data.sequence;
      this.lastSignedAt = Date.parse(data.signedAt);
    }
    this.loaded = true;
  }
}
