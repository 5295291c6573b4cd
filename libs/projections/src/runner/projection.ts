import type { RecordedEvent } from '@app/event-store';

/** Parameters bound to a statement: better-sqlite3 positional or named values. */
export type SqlParams = unknown[] | [Record<string, unknown>];

/**
 * What a projection sees while it applies an event: statements on its own tables, written as templates
 * with `{logical_table}` placeholders that the runner resolves to the physical tables of the generation
 * being written (so a rebuild can fill new tables while the old ones keep serving). Statements are
 * prepared once per template and generation. Everything runs inside the runner's transaction.
 */
export interface ProjectionContext {
  run(sql: string, ...params: SqlParams): void;
  get<T>(sql: string, ...params: SqlParams): T | undefined;
  all<T>(sql: string, ...params: SqlParams): T[];
}

/**
 * A table a projection owns: `ddl(physicalName)` gives its CREATE TABLE / CREATE INDEX statements. `logical`
 * is a plain identifier, unique across all projections of the file (physical names are `<logical>__g<n>`);
 * name indexes after the physical name (`${physical}_by_x`) so that two generations can coexist.
 */
export interface ProjectionTable {
  logical: string;
  ddl(physical: string): string[];
  /**
   * Optional: indexes that only reads need, as `CREATE INDEX IF NOT EXISTS ...` (named after the physical
   * table, like ddl's). A new generation is filled without them and gets them once it first reaches the end of
   * the log (or stops at a poison event): one sorted pass over the table instead of an index update per row.
   * Until then its queries run without them (a first build serves reads as it goes; a rebuild's generation
   * gets them before it replaces the active one).
   */
  indexes?(physical: string): string[];
}

/** Which part of the read side an event changed, for live updates (SSE) and caches. */
export interface ChangeNotice {
  programId: string;
  market?: string;
}

export interface Projection {
  /** Stable name, stored with the checkpoint: never rename. */
  readonly name: string;
  /**
   * Bump when `apply` or the tables change: on start the runner rebuilds this projection from the log into a
   * new generation. Until the swap, the old generation keeps serving and keeps receiving live events through
   * the NEW `apply`; should that fail on the old tables, only the old generation stops (its reads stay
   * served, frozen) while the rebuild goes on and replaces it.
   */
  readonly version: number;
  /**
   * Optional: an accelerator others do not wait for (e.g. the as-of index, whose readers fall back to a slower
   * path while it is behind). While any other projection has not caught up, a trailing one is left out of
   * catch-up, so a new replica or a rebuild from scratch serves live reads as soon as the others reach the head;
   * then it catches up one page per round while the others keep up with new events, and at the head it shares
   * the live batches. Read-your-writes (`waitForPosition`) does not wait for it; `waitForProjection` does.
   */
  readonly trailing?: boolean;
  readonly tables: readonly ProjectionTable[];
  /**
   * Applies one event. Pure with respect to time: everything it needs comes from the event (use
   * `metadata.occurredAt` / `metadata.recordedAt`, never a clock). Throwing marks the event as poison for
   * this projection only. Returns what changed (or nothing for events it ignores).
   */
  apply(event: RecordedEvent, context: ProjectionContext): readonly ChangeNotice[] | void;
  /**
   * Optional: applies a run of consecutive events at once, e.g. summing counters in memory and writing each
   * row once instead of once per event (rebuilds are bound by row writes). Must leave the tables exactly as
   * `apply` would, event by event. When it throws, the runner undoes it and falls back to `apply`, event by
   * event, to find the poison event.
   */
  applyBatch?(events: readonly RecordedEvent[], context: ProjectionContext): readonly ChangeNotice[] | void;
}
