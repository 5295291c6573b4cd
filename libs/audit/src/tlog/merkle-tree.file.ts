import Database from 'better-sqlite3';
import { CompactRange } from '../merkle/compact-range';
import { EMPTY_ROOT } from '../merkle/merkle-hash';
import { consistencyProof, inclusionProof, rootAt, type SubtreeSource } from '../merkle/merkle-proofs';
import type { TreeState } from './tree-writer.thread';

/** One event as the tree takes it: where it is in the log, and its stored hash (the leaf's data). */
export interface TreeLeaf {
  position: bigint;
  /** The event's stored `hash` (64 hex digits); the leaf data is its 32 bytes. */
  hash: string;
  /** A signed checkpoint of the audit stream: it cannot be covered by itself, so it is no "new" event. */
  checkpoint: boolean;
}

// One table for every node: a leaf (level 0) also holds its event's log position. Leaf indexes grow with
// positions, so a position is found by binary search over the leaves: no second index to keep on append.
export const TREE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS tree_nodes (
    level    INTEGER NOT NULL,
    idx      INTEGER NOT NULL,
    hash     BLOB    NOT NULL,
    position INTEGER,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS tree_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    size             INTEGER NOT NULL,
    last_position    INTEGER NOT NULL,
    substantive_size INTEGER NOT NULL
  );
  -- Which event store the leaves come from (storeIdentity): a tree of another store's log is rebuilt.
  CREATE TABLE IF NOT EXISTS tree_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;

/**
 * The RFC 9162 Merkle tree over the whole log, kept in a SQLite file of its own: every complete subtree's
 * hash by (level, index), each leaf with its event's log position, and the size reached. One writer appends
 * to it (TreeWriter, on a thread of its own); this side reads it: roots and proofs for any size up to the
 * current one in O(log² n) lookups, leaves by position. The tree is derived from the log and rebuilt from it
 * when the file is lost, so it is written with synchronous=NORMAL: a crash loses at most the last pages,
 * never half of one (each page and the size it reaches commit together), and the next catch-up appends them
 * again.
 */
export class MerkleTreeFile implements SubtreeSource {
  private readonly db: Database.Database;
  private readonly getNode: Database.Statement<[number, number], { hash: Buffer }>;
  private readonly getLeafPosition: Database.Statement<[number], { position: bigint }>;
  private readonly getState: Database.Statement<
    [],
    { size: bigint; last_position: bigint; substantive_size: bigint }
  >;

  constructor(readonly filename: string) {
    this.db = new Database(filename);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.exec(TREE_SCHEMA);
    this.getNode = this.db.prepare('SELECT hash FROM tree_nodes WHERE level = ? AND idx = ?');
    this.getLeafPosition = this.db
      .prepare<[number], { position: bigint }>('SELECT position FROM tree_nodes WHERE level = 0 AND idx = ?')
      .safeIntegers(true);
    this.getState = this.db
      .prepare<[], { size: bigint; last_position: bigint; substantive_size: bigint }>(
        'SELECT size, last_position, substantive_size FROM tree_state WHERE id = 1',
      )
      .safeIntegers(true);
  }

  /** The size, last position and substantive size the writer last committed. */
  state(): TreeState {
    const row = this.getState.get();
    return {
      size: Number(row?.size ?? 0n),
      lastPosition: row?.last_position ?? 0n,
      substantiveSize: Number(row?.substantive_size ?? 0n),
    };
  }

  /** Leaves in the tree. */
  get size(): number {
    return this.state().size;
  }

  /** Position of the last leaf (0n when empty): the tree continues from the event after it. */
  get lastPosition(): bigint {
    return this.state().lastPosition;
  }

  /** The size right after the last leaf that is not a signed checkpoint: what a new checkpoint must reach. */
  get substantiveSize(): number {
    return this.state().substantiveSize;
  }

  /** The right edge of the tree of `size` (what a writer continues from). */
  edge(size = this.size): Buffer[] {
    return CompactRange.levelsOf(size).map(({ level, index }) => this.node(level, index));
  }

  node(level: number, index: number): Buffer {
    const row = this.getNode.get(level, index);
    if (!row) throw new RangeError(`no complete subtree at level ${level}, index ${index}`);
    return row.hash;
  }

  /** The leaf of the event at `position`: binary search, leaf positions increasing with the index. */
  leafIndexOf(position: bigint): number | undefined {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const found = this.positionOf(middle);
      if (found === undefined) return undefined;
      if (found === position) return middle;
      if (found < position) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  positionOf(leafIndex: number): bigint | undefined {
    return this.getLeafPosition.get(leafIndex)?.position;
  }

  root(): Buffer {
    return this.rootAt(this.size);
  }

  rootAt(treeSize: number): Buffer {
    this.assertSize(treeSize);
    return treeSize === 0 ? Buffer.from(EMPTY_ROOT) : rootAt(this, treeSize);
  }

  inclusionProof(leafIndex: number, treeSize: number): Buffer[] {
    this.assertSize(treeSize);
    return inclusionProof(this, leafIndex, treeSize);
  }

  consistencyProof(from: number, to: number): Buffer[] {
    this.assertSize(to);
    return consistencyProof(this, from, to);
  }

  /** The identity of the store the leaves were read from, once recorded. */
  storeId(): string | undefined {
    return this.db.prepare<[], { value: string }>(`SELECT value FROM tree_meta WHERE key = 'store_id'`).get()
      ?.value;
  }

  recordStoreId(identity: string): void {
    this.db
      .prepare(
        `INSERT INTO tree_meta (key, value) VALUES ('store_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run(identity);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private assertSize(treeSize: number): void {
    if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > this.size) {
      throw new RangeError(`tree size ${treeSize} is beyond the ${this.size} leaves kept`);
    }
  }
}
