import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUDIT_STREAM,
  CHECKPOINT_SIGNED,
  leafDataOf,
  leafHash,
  MerkleTreeFile,
  TreeWriter,
  type TreeLeaf,
} from '@app/audit';
import { EVENT_STORE, InvalidPositionError, storeIdentity, type EventStore } from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import { KeyedMutex } from '../../shared/keyed-mutex';

const PAGE = 1000;
export const MERKLE_TREE_FILENAME = 'merkle-tree.sqlite';

/**
 * This replica's copy of the Merkle tree over the log (see MerkleTreeFile), in its read-model directory.
 * It follows the log: `catchUp` appends whatever the store committed since. The appending runs on the tree
 * writer's thread, which reads the embedded store's file itself (with EventStoreDB, the pages read here are
 * sent to it). The checkpoint scheduler calls it every second, and signing calls it before it reads the root.
 */
@Injectable()
export class MerkleTreeService implements OnModuleDestroy {
  private readonly logger = new Logger('MerkleTree');
  private readonly mutex = new KeyedMutex();
  private tipChecked = false;
  readonly tree: MerkleTreeFile;
  private readonly writer: TreeWriter;
  private readonly embedded: boolean;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    mkdirSync(config.readModelDir, { recursive: true, mode: 0o700 });
    this.tree = new MerkleTreeFile(join(config.readModelDir, MERKLE_TREE_FILENAME));
    this.embedded = !config.eventStoreConnectionString;
    this.writer = new TreeWriter(
      this.tree,
      this.embedded ? join(config.dataDir, 'events.sqlite') : undefined,
    );
  }

  /** Appends every tracker event committed since the tree's last leaf; returns the tree size reached. */
  catchUp(): Promise<number> {
    return this.mutex.run('tree', async () => {
      if (!this.tipChecked) await this.checkTip();
      if (this.embedded) return (await this.writer.catchUp()).size;
      for (;;) {
        const page = await this.store.readAll({ fromPosition: this.tree.lastPosition, maxCount: PAGE });
        const state = await this.writer.append(
          page.map((event): TreeLeaf => ({
            position: event.position,
            hash: String(event.metadata.hash),
            checkpoint: event.streamId === AUDIT_STREAM && event.type === CHECKPOINT_SIGNED,
          })),
        );
        if (page.length < PAGE) return state.size;
      }
    });
  }

  /**
   * Once per start: the tree's last leaf must still be the event at its position. When it is not (a data dir
   * pointed at another or a restored store), the tree is rebuilt from the log as it is; signing then refuses
   * to go on if the log no longer extends what was signed before (CheckpointService.assertExtends).
   */
  private async checkTip(): Promise<void> {
    const tree = this.tree;
    const { size, lastPosition } = tree.state();
    const current = await storeIdentity(this.store);
    const recorded = tree.storeId();
    if (size > 0 && recorded !== undefined && recorded !== current) {
      // Derived data: rebuilt, never trusted. What was signed before is checked against the new log when
      // signing (CheckpointService.assertExtends), which refuses to go on, saying why, if it does not extend it.
      this.logger.warn(
        `the Merkle tree was built from another event store (${recorded}, this one is ${current ?? 'empty'}): rebuilding the tree from this store's log`,
      );
      await this.writer.reset();
    } else if (size > 0) {
      const before = size === 1 ? 0n : (tree.positionOf(size - 2) ?? 0n);
      // A leaf's position that is no event's any more (a shortened or another store) is refused: not the same.
      const [event] = await this.store
        .readAll({ fromPosition: before, maxCount: 1 })
        .catch((error: unknown) => {
          if (error instanceof InvalidPositionError) return [];
          throw error;
        });
      const same =
        event?.position === lastPosition &&
        leafHash(leafDataOf(event.metadata.hash)).equals(tree.node(0, size - 1));
      if (!same) {
        this.logger.warn(
          `the Merkle tree's last leaf (position ${lastPosition}) is not in the log any more: rebuilding the tree from the log`,
        );
        await this.writer.reset();
      }
    }
    if (current !== undefined) tree.recordStoreId(current);
    this.tipChecked = true;
  }

  /** For tests and tools: forget every leaf (the next catch-up rebuilds the tree from the log). */
  reset(): Promise<unknown> {
    return this.mutex.run('tree', () => this.writer.reset());
  }

  /**
   * Stops the writer at once, then closes the file. A catch-up in flight may cover the whole log (a first start
   * on a large one: tens of minutes at 10M events); it is not waited for: it fails, and what it wrote stays, a
   * page per transaction (the page being written is rolled back and written again at the next start).
   */
  async onModuleDestroy(): Promise<void> {
    await this.writer.close();
    this.tree.close();
  }
}
