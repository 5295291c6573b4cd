import Database from 'better-sqlite3';
import { CompactRange } from '../merkle/compact-range';
import { leafHash } from '../merkle/merkle-hash';
import { consistencyProof, inclusionProof, rootAt, type SubtreeSource } from '../merkle/merkle-proofs';
import { leafDataOf } from './leaf-data';

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
const SCHEMA = `
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
`;

/**
 * The RFC 9162 Merkle tree over the whole log, kept in a SQLite file of its own: every complete subtree's
 * hash by (level, index), and each leaf's log position. An append costs O(log n) amortised (one leaf row
 * and on average one interior node); a root or a proof for any size up to the current one costs O(log² n)
 * lookups. The tree is derived from the log and rebuilt from it when the file is lost, so it is written
 * with synchronous=NORMAL: a crash loses at most the last batches, never half of one (each batch and the
 * size it reaches commit together), and the next catch-up appends them again.
 */
export class MerkleTreeFile implements SubtreeSource {
  private readonly db: Database.Database;
  private range: CompactRange;
  private lastPositionValue: bigint;
  private substantive: number;
  private readonly getNode: Database.Statement<[number, number], { hash: Buffer }>;
  private readonly getLeafPosition: Database.Statement<[number], { position: bigint }>;
  private readonly appendBatch: (leaves: readonly TreeLeaf[]) => void;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const state = this.db
      .prepare('SELECT size, last_position, substantive_size FROM tree_state WHERE id = 1')
      .safeIntegers(true)
      .get() as { size: bigint; last_position: bigint; substantive_size: bigint } | undefined;
    this.getNode = this.db.prepare('SELECT hash FROM tree_nodes WHERE level = ? AND idx = ?');
    this.getLeafPosition = this.db
      .prepare<[number], { position: bigint }>('SELECT position FROM tree_nodes WHERE level = 0 AND idx = ?')
      .safeIntegers(true);
    const size = Number(state?.size ?? 0n);
    this.range = new CompactRange(
      size,
      CompactRange.levelsOf(size).map(({ level, index }) => this.node(level, index)),
    );
    this.lastPositionValue = state?.last_position ?? 0n;
    this.substantive = Number(state?.substantive_size ?? 0n);

    const insertRows = rowInserter(this.db);
    const saveState = this.db.prepare(
      `INSERT INTO tree_state (id, size, last_position, substantive_size) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET size = excluded.size, last_position = excluded.last_position,
         substantive_size = excluded.substantive_size`,
    );
    const write = this.db.transaction((leaves: readonly TreeLeaf[]) => {
      const rows: unknown[] = [];
      let position: bigint | null = null;
      const onNode = (level: number, index: number, hash: Buffer) => {
        rows.push(level, index, hash, level === 0 ? position : null);
      };
      for (const leaf of leaves) {
        if (leaf.position <= this.lastPositionValue && this.range.size > 0) {
          throw new Error(
            `the log went back: position ${leaf.position} after ${this.lastPositionValue} (a different store?)`,
          );
        }
        position = leaf.position;
        this.range.append(leafHash(leafDataOf(leaf.hash)), onNode);
        this.lastPositionValue = leaf.position;
        if (!leaf.checkpoint) this.substantive = this.range.size;
      }
      insertRows(rows);
      saveState.run(this.range.size, this.lastPositionValue, this.substantive);
    });
    this.appendBatch = (leaves) => {
      const before = {
        range: this.range.nodes(),
        size: this.range.size,
        last: this.lastPositionValue,
        substantive: this.substantive,
      };
      try {
        write(leaves);
      } catch (error) {
        // The transaction rolled back: so does the in-memory edge.
        this.range = new CompactRange(before.size, before.range);
        this.lastPositionValue = before.last;
        this.substantive = before.substantive;
        throw error;
      }
    };
  }

  /** Leaves in the tree. */
  get size(): number {
    return this.range.size;
  }

  /** Position of the last leaf (0n when empty): the tree continues from the event after it. */
  get lastPosition(): bigint {
    return this.lastPositionValue;
  }

  /** The size right after the last leaf that is not a signed checkpoint: what a new checkpoint must reach. */
  get substantiveSize(): number {
    return this.substantive;
  }

  append(leaves: readonly TreeLeaf[]): void {
    if (leaves.length > 0) this.appendBatch(leaves);
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
    return this.range.root();
  }

  rootAt(treeSize: number): Buffer {
    this.assertSize(treeSize);
    return treeSize === this.size ? this.root() : rootAt(this, treeSize);
  }

  inclusionProof(leafIndex: number, treeSize: number): Buffer[] {
    this.assertSize(treeSize);
    return inclusionProof(this, leafIndex, treeSize);
  }

  consistencyProof(from: number, to: number): Buffer[] {
    this.assertSize(to);
    return consistencyProof(this, from, to);
  }

  /** Forgets every leaf: the tree is then rebuilt from the log (it is derived data). */
  reset(): void {
    this.db.exec('DELETE FROM tree_nodes; DELETE FROM tree_state;');
    this.range = new CompactRange();
    this.lastPositionValue = 0n;
    this.substantive = 0;
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

/** Rows of 4 values per node; inserted CHUNK at a time with one multi-row statement (far fewer calls). */
const CHUNK = 128;

function rowInserter(db: Database.Database): (values: unknown[]) => void {
  const sql = (count: number) =>
    `INSERT INTO tree_nodes (level, idx, hash, position) VALUES ${new Array(count).fill('(?, ?, ?, ?)').join(', ')}`;
  const full = db.prepare(sql(CHUNK));
  const partial = new Map<number, Database.Statement>();
  return (values) => {
    const rows = values.length / 4;
    let offset = 0;
    for (; offset + CHUNK <= rows; offset += CHUNK) full.run(values.slice(offset * 4, (offset + CHUNK) * 4));
    const rest = rows - offset;
    if (rest === 0) return;
    let statement = partial.get(rest);
    if (!statement) partial.set(rest, (statement = db.prepare(sql(rest))));
    statement.run(values.slice(offset * 4));
  };
}
