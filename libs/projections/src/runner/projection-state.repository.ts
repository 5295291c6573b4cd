import type Database from 'better-sqlite3';
import type { PoisonEvent, ProjectionRunState } from './projection-status';

export interface GenerationRecord {
  generation: number;
  version: number;
  checkpoint: bigint;
  poison?: PoisonEvent;
}

/** One row of `projection_state`. */
export interface ProjectionStateRecord {
  name: string;
  active: GenerationRecord;
  pending?: GenerationRecord;
  status: ProjectionRunState;
  updatedAt: string;
}

/** As read with safe integers: every INTEGER column is a bigint. */
interface StateRow {
  name: string;
  version: bigint;
  generation: bigint;
  checkpoint: bigint;
  status: ProjectionRunState;
  last_error: string | null;
  poison_position: bigint | null;
  poison_stream: string | null;
  poison_type: string | null;
  pending_version: bigint | null;
  pending_generation: bigint | null;
  pending_checkpoint: bigint | null;
  pending_error: string | null;
  pending_poison_position: bigint | null;
  pending_poison_stream: string | null;
  pending_poison_type: string | null;
  updated_at: string;
}

const COLUMNS = (
  'name version generation checkpoint status last_error poison_position poison_stream poison_type ' +
  'pending_version pending_generation pending_checkpoint pending_error pending_poison_position ' +
  'pending_poison_stream pending_poison_type updated_at'
).split(' ');

/** Reads and writes the runner's bookkeeping; positions always as exact bigints. */
export class ProjectionStateRepository {
  private readonly selectOne: Database.Statement<[string], StateRow>;
  private readonly selectGeneration: Database.Statement<[string], { generation: number }>;
  private readonly upsert: Database.Statement<[Record<string, unknown>]>;
  private readonly insertSkipped: Database.Statement<[Record<string, unknown>]>;
  private readonly selectStoreId: Database.Statement<[], { value: string }>;
  private readonly upsertStoreId: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    this.selectStoreId = db.prepare(`SELECT value FROM projection_meta WHERE key = 'store_id'`);
    this.upsertStoreId = db.prepare(
      `INSERT INTO projection_meta (key, value) VALUES ('store_id', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    this.selectOne = db
      .prepare<[string], StateRow>('SELECT * FROM projection_state WHERE name = ?')
      .safeIntegers(true);
    this.selectGeneration = db.prepare('SELECT generation FROM projection_state WHERE name = ?');
    this.upsert = db.prepare(
      `INSERT INTO projection_state (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (name) DO UPDATE SET ${COLUMNS.slice(1)
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    );
    this.insertSkipped = db.prepare(
      `INSERT OR REPLACE INTO projection_skipped_event (name, generation, position, stream_id, type, error, skipped_at)
       VALUES (@name, @generation, @position, @streamId, @type, @error, @skippedAt)`,
    );
  }

  find(name: string): ProjectionStateRecord | undefined {
    const row = this.selectOne.get(name);
    if (row === undefined) return undefined;
    const active = generationRecord(row.generation, row.version, row.checkpoint, [
      row.last_error,
      row.poison_position,
      row.poison_stream,
      row.poison_type,
    ]);
    const pending =
      row.pending_generation === null || row.pending_version === null || row.pending_checkpoint === null
        ? undefined
        : generationRecord(row.pending_generation, row.pending_version, row.pending_checkpoint, [
            row.pending_error,
            row.pending_poison_position,
            row.pending_poison_stream,
            row.pending_poison_type,
          ]);
    return { name: row.name, active, pending, status: row.status, updatedAt: row.updated_at };
  }

  /** The generation serving reads, or undefined before the projection was first built. */
  activeGeneration(name: string): number | undefined {
    const row = this.selectGeneration.get(name);
    return row === undefined ? undefined : Number(row.generation);
  }

  save(record: ProjectionStateRecord): void {
    const { active, pending } = record;
    this.upsert.run({
      name: record.name,
      version: active.version,
      generation: active.generation,
      checkpoint: active.checkpoint,
      status: record.status,
      last_error: active.poison?.error ?? null,
      poison_position: active.poison?.position ?? null,
      poison_stream: active.poison?.streamId ?? null,
      poison_type: active.poison?.type ?? null,
      pending_version: pending?.version ?? null,
      pending_generation: pending?.generation ?? null,
      pending_checkpoint: pending?.checkpoint ?? null,
      pending_error: pending?.poison?.error ?? null,
      pending_poison_position: pending?.poison?.position ?? null,
      pending_poison_stream: pending?.poison?.streamId ?? null,
      pending_poison_type: pending?.poison?.type ?? null,
      updated_at: record.updatedAt,
    });
  }

  /** The identity of the store the checkpoints belong to (storeIdentity), once one was recorded. */
  storeId(): string | undefined {
    return this.selectStoreId.get()?.value;
  }

  recordStoreId(identity: string): void {
    this.upsertStoreId.run(identity);
  }

  /** Whether any generation has applied an event (a checkpoint past the start). */
  anyCheckpoint(): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM projection_state WHERE checkpoint > 0 OR pending_checkpoint > 0 LIMIT 1')
        .get() !== undefined
    );
  }

  /**
   * Forgets every generation of every projection (tables, checkpoints, skipped events): they were built
   * from another store's log. Call in a transaction; the slots reload afterwards.
   */
  forgetAll(): void {
    const tables = this.db.prepare<[], { physical: string }>('SELECT physical FROM projection_table').all();
    for (const { physical } of tables) this.db.exec(`DROP TABLE IF EXISTS "${physical}"`);
    this.db.exec(
      'DELETE FROM projection_table; DELETE FROM projection_state; DELETE FROM projection_skipped_event;',
    );
  }

  recordSkipped(name: string, poison: PoisonEvent, skippedAt: string): void {
    this.insertSkipped.run({ name, ...poison, skippedAt });
  }
}

function generationRecord(
  generation: bigint,
  version: bigint,
  checkpoint: bigint,
  [error, position, streamId, type]: [string | null, bigint | null, string | null, string | null],
): GenerationRecord {
  const record: GenerationRecord = { generation: Number(generation), version: Number(version), checkpoint };
  if (error !== null && position !== null) {
    record.poison = {
      generation: record.generation,
      position,
      streamId: streamId ?? '',
      type: type ?? '',
      error,
    };
  }
  return record;
}
