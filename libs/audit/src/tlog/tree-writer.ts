import type { Worker } from 'node:worker_threads';
import { startSqliteThread } from '@app/event-store';
import { AUDIT_STREAM, CHECKPOINT_SIGNED } from '../checkpoint/checkpoint';
import { threadRangeFactory } from '../merkle/thread-range';
import { leafDataOf } from './leaf-data';
import { TRACKER_STREAMS_SQL } from './tracker-streams';
import { TREE_SCHEMA, type MerkleTreeFile, type TreeLeaf } from './merkle-tree.file';
import {
  treeWriterThread,
  type TreeState,
  type TreeWriterAnswer,
  type TreeWriterRequest,
  type TreeWriterSetup,
} from './tree-writer.thread';

const PAGE = 1000;

type Pending = { resolve: (state: TreeState) => void; reject: (error: Error) => void };
type Request = TreeWriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The one writer of a tree file, on a thread of its own (hashing two SHA-256s and inserting about two rows a
 * leaf would otherwise share the thread that appends events and serves requests). With the embedded store it
 * reads the events file itself; with another store it is sent the leaves. Requests are answered in order.
 */
export class TreeWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;

  /** Starts the writer of `tree`'s file, from the state the file holds now. */
  constructor(tree: MerkleTreeFile, eventsFile?: string) {
    const state = tree.state();
    const setup: Omit<TreeWriterSetup, 'driver'> = {
      treeFile: tree.filename,
      eventsFile,
      schema: TREE_SCHEMA,
      ...state,
      edge: tree.edge(state.size),
      auditStream: AUDIT_STREAM,
      checkpointType: CHECKPOINT_SIGNED,
      // Leaves are the tracker's readable events only, the same rule as every reader of the log applies.
      streamsCondition: TRACKER_STREAMS_SQL,
      page: PAGE,
      rangeSource: threadRangeFactory.toString(),
      leafDataSource: leafDataOf.toString(),
    };
    this.worker = startSqliteThread(treeWriterThread, setup);
    this.worker.on('message', (answer: TreeWriterAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (!waiting) return;
      if ('error' in answer) waiting.reject(new Error(answer.error));
      else waiting.resolve(answer.state);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the tree writer stopped (exit code ${code})`)));
  }

  /**
   * Embedded store: appends every tracker event committed since the tree's last leaf, read from the events
   * file (TRACKER_STREAMS_SQL, readable rows only, as FilteredEventStore reads through the port).
   */
  catchUp(): Promise<TreeState> {
    return this.send({ kind: 'catch_up' });
  }

  /** Other stores: appends these leaves (in log order, after the tree's last one). */
  append(leaves: readonly TreeLeaf[]): Promise<TreeState> {
    return this.send({ kind: 'append', leaves: [...leaves] });
  }

  /** Forgets every leaf: the tree is then rebuilt from the log. */
  reset(): Promise<TreeState> {
    return this.send({ kind: 'reset' });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the tree writer is closed');
    await this.worker.terminate();
  }

  private send(request: Request): Promise<TreeState> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<TreeState>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...request, id } as TreeWriterRequest);
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
