import { Inject, Injectable } from '@nestjs/common';
import { canonicalEventBody } from '@app/audit';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ApiError } from '../../errors/api.errors';
import { CheckpointService, type SignedCheckpoint } from '../checkpoints/checkpoint.service';
import { MerkleTreeService } from '../tree/merkle-tree.service';

export interface InclusionProofView {
  leafIndex: number;
  treeSize: number;
  position: number;
  /** SHA-256(0x00 ‖ the event's stored hash), hex. */
  leafHash: string;
  /** The audit path, bottom up, hex (RFC 9162 §2.1.3.1). */
  hashes: string[];
  /** Root of the tree of `treeSize`, hex: equal to the signed one. */
  rootHash: string;
  /** The event, with `canonical`: the exact bytes its stored `hash` is the SHA-256 of. */
  event: { streamId: string; revision: number; type: string; hash: string; canonical: string };
  /** The signed tree head of this size, when it is the latest one. */
  checkpoint?: SignedCheckpoint;
}

export interface ConsistencyProofView {
  from: number;
  to: number;
  /** RFC 9162 §2.1.4.1, hex. */
  hashes: string[];
  fromRoot: string;
  toRoot: string;
}

const hex = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/** Proofs against signed tree sizes only: a proof for a tree nobody signed would prove nothing. */
@Injectable()
export class ProofService {
  constructor(
    private readonly checkpoints: CheckpointService,
    private readonly trees: MerkleTreeService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async inclusion(position: bigint, treeSize?: number): Promise<InclusionProofView> {
    const latest = await this.signedUpTo(treeSize);
    const size = treeSize ?? latest.treeSize;
    const tree = await this.treeOf(size);
    const leafIndex = tree.leafIndexOf(position);
    if (leafIndex === undefined || leafIndex >= size) {
      throw new ApiError(
        400,
        'not_in_tree',
        `No event at position ${position} is among the first ${size} events of the log.`,
        { position: Number(position), treeSize: size },
      );
    }
    const previous = leafIndex === 0 ? 0n : (tree.positionOf(leafIndex - 1) ?? 0n);
    const [event] = await this.store.readAll({ fromPosition: previous, maxCount: 1 });
    return {
      leafIndex,
      treeSize: size,
      position: Number(position),
      leafHash: tree.node(0, leafIndex).toString('hex'),
      hashes: hex(tree.inclusionProof(leafIndex, size)),
      rootHash: tree.rootAt(size).toString('hex'),
      event: {
        streamId: event.streamId,
        revision: Number(event.revision),
        type: event.type,
        hash: String(event.metadata.hash),
        canonical: canonicalEventBody(event),
      },
      ...(size === latest.treeSize ? { checkpoint: latest } : {}),
    };
  }

  async consistency(from: number, to: number): Promise<ConsistencyProofView> {
    if (from > to) {
      throw new ApiError(400, 'validation_failed', `from (${from}) must not exceed to (${to}).`, {
        fields: [{ field: 'from', problems: ['must not exceed to'] }],
      });
    }
    await this.signedUpTo(to);
    const tree = await this.treeOf(to);
    return {
      from,
      to,
      hashes: hex(tree.consistencyProof(from, to)),
      fromRoot: tree.rootAt(from).toString('hex'),
      toRoot: tree.rootAt(to).toString('hex'),
    };
  }

  /** The latest checkpoint, which must reach `treeSize` when one is asked for. */
  private async signedUpTo(treeSize: number | undefined): Promise<SignedCheckpoint> {
    const latest = await this.checkpoints.latest();
    if (!latest || (treeSize !== undefined && treeSize > latest.treeSize)) {
      throw new ApiError(
        400,
        'tree_size_not_signed',
        latest
          ? `Tree size ${treeSize} is beyond the latest signed checkpoint (${latest.treeSize}).`
          : 'No tree head has been signed yet: POST /audit/checkpoints.',
        { treeSize: treeSize ?? null, latestTreeSize: latest?.treeSize ?? null },
      );
    }
    return latest;
  }

  /** This replica's tree, caught up far enough (another replica may have signed a larger tree). */
  private async treeOf(size: number) {
    if (this.trees.tree.size < size) await this.trees.catchUp();
    return this.trees.tree;
  }
}
